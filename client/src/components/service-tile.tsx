import { Text, View } from '@tarojs/components';
import { roleOf } from './a11y';
import { Icon, type IconName } from './icon';

interface ServiceTileProps {
  icon: IconName;
  name: string;
  /** A line under the name: what is waiting there (2 未读), or when it comes. */
  hint?: string;
  /** Not there yet: shown as coming, greyed and not tappable (a resident learns it is planned). */
  coming?: boolean;
  onTap?: () => void;
  testId?: string;
}

/** A service on Home: its icon and name; one tap opens it. Two columns, one in care mode. */
export function ServiceTile({ icon, name, hint, coming = false, onTap, testId }: ServiceTileProps) {
  const label = hint ? `${name}, ${hint}` : name;
  return (
    <View
      className={`tile ${coming ? 'tile-coming' : ''}`}
      data-testid={testId}
      data-coming={coming ? 'yes' : 'no'}
      {...roleOf(coming ? undefined : 'button')}
      ariaLabel={label}
      onClick={coming ? undefined : onTap}
    >
      <View className={`tile-icon ${coming ? 'tone-neutral' : 'tone-primary'}`}>
        <Icon name={icon} />
      </View>
      <View className="tile-text">
        <Text className="tile-name">{name}</Text>
        {hint && <Text className="tile-hint">{hint}</Text>}
      </View>
    </View>
  );
}
