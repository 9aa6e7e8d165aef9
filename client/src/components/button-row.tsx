import type { PropsWithChildren } from 'react';
import { View } from '@tarojs/components';

/** Two or three buttons sharing one row equally (Cancel | Confirm). */
export function ButtonRow({ children }: PropsWithChildren) {
  return <View className="btn-row">{children}</View>;
}
