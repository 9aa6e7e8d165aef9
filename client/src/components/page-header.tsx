import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';

/** A page's heading: its title, an optional line under it, an optional action on the right. */
export function PageHeader({
  title,
  subtitle,
  action,
  testId,
}: {
  title: string;
  subtitle?: string;
  action?: ReactNode;
  testId?: string;
}) {
  return (
    <View className="page-header">
      <View className="page-header-text">
        <Text className="page-title" {...{ role: 'heading', 'aria-level': 1 }} data-testid={testId}>
          {title}
        </Text>
        {subtitle && <Text className="page-subtitle">{subtitle}</Text>}
      </View>
      {action}
    </View>
  );
}

/** A heading between a page's sections. */
export function SectionTitle({ children }: { children: string }) {
  return (
    <Text className="section-title" {...{ role: 'heading', 'aria-level': 2 }}>
      {children}
    </Text>
  );
}
