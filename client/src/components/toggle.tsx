import { Text, View } from '@tarojs/components';
import { roleOf } from './a11y';

interface ToggleProps {
  label: string;
  /** A line under the label saying what the setting does. */
  description?: string;
  on: boolean;
  onChange: (on: boolean) => void;
  testId?: string;
}

/** An on/off setting; the whole row is the tap target, and it is a switch to screen readers. */
export function Toggle({ label, description, on, onChange, testId }: ToggleProps) {
  return (
    <View
      className={`toggle ${on ? 'toggle-on' : ''}`}
      {...roleOf('switch')}
      ariaLabel={label}
      aria-checked={on ? 'true' : 'false'}
      data-testid={testId}
      onClick={() => onChange(!on)}
    >
      <View className="toggle-text">
        <Text>{label}</Text>
        {description && <Text className="hint">{description}</Text>}
      </View>
      <View className="toggle-track">
        <View className="toggle-knob" />
      </View>
    </View>
  );
}
