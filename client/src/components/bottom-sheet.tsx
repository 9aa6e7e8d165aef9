import type { PropsWithChildren } from 'react';
import { Text, View } from '@tarojs/components';
import { t } from '../i18n';
import { roleOf } from './a11y';

interface BottomSheetProps {
  /** The sheet's heading, and its name as a dialog. */
  title: string;
  /** A tap on the dimmed page around it (named 关闭 to screen readers) closes it. */
  onClose: () => void;
  testId?: string;
  titleTestId?: string;
}

/**
 * A dialog that rises from the bottom over the page (the booking step, a choice with several
 * fields). In h5 it keeps its content above Taro's tab bar, which is drawn over the page.
 */
export function BottomSheet({
  title,
  onClose,
  testId,
  titleTestId,
  children,
}: PropsWithChildren<BottomSheetProps>) {
  return (
    <View className="sheet-mask" ariaLabel={t('close')} onClick={onClose}>
      <View
        className={`sheet ${process.env.TARO_ENV === 'h5' ? 'sheet-above-tabbar' : ''}`}
        {...roleOf('dialog')}
        ariaLabel={title}
        aria-modal="true"
        data-testid={testId}
        onClick={(e) => e.stopPropagation()}
      >
        <Text className="sheet-title" data-testid={titleTestId}>
          {title}
        </Text>
        {children}
      </View>
    </View>
  );
}
