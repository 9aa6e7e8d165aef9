import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import { roleOf } from './a11y';
import { Icon, type IconName } from './icon';

interface ListItemProps {
  title: ReactNode;
  /** A second, quieter line. */
  detail?: ReactNode;
  /** On the right: a value, a badge. */
  value?: ReactNode;
  icon?: IconName;
  /** Opens something: the row becomes a button (with ›) named `label`. */
  onTap?: () => void;
  label?: string;
  testId?: string;
  valueTestId?: string;
}

/**
 * One row of a list: a fact (label and value) or an entry that opens a page. Always at least a
 * target tall, so rows read and tap the same in every list.
 */
export function ListItem({ title, detail, value, icon, onTap, label, testId, valueTestId }: ListItemProps) {
  return (
    <View
      className="list-item"
      data-testid={testId}
      {...roleOf(onTap ? 'button' : undefined)}
      ariaLabel={label ?? (onTap && typeof title === 'string' ? title : undefined)}
      onClick={onTap}
    >
      {icon && (
        <View className="list-item-icon">
          <Icon name={icon} />
        </View>
      )}
      <View className="list-item-main">
        {typeof title === 'string' ? <Text className="list-item-title">{title}</Text> : title}
        {detail !== undefined &&
          (typeof detail === 'string' ? <Text className="list-item-detail">{detail}</Text> : detail)}
      </View>
      {value !== undefined &&
        (typeof value === 'string' ? (
          <Text className="list-item-value" data-testid={valueTestId}>
            {value}
          </Text>
        ) : (
          value
        ))}
      {onTap && <Text className="list-item-more">›</Text>}
    </View>
  );
}
