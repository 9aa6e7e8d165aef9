import { Text, View } from '@tarojs/components';
import { roleOf } from './a11y';

export interface ChoiceOption<T extends string> {
  value: T;
  /** What a screen reader says, and the chip's text unless `text` is given. */
  label: string;
  /** A shorter visible text ('活动' for '筛选：活动'). */
  text?: string;
  /** Shown but not choosable now (a mode with no places left). */
  disabled?: boolean;
}

interface ChoiceProps<T extends string> {
  /** What is being chosen, for screen readers ('类别'). */
  label: string;
  options: ChoiceOption<T>[];
  /** One value (radio) or several (checkboxes). */
  selected: T | T[] | null;
  onSelect: (value: T) => void;
  /** Tabs that filter a list instead of a form's value. */
  asTabs?: boolean;
  testId?: string;
}

/**
 * Chips to pick one value (role radio), several (role checkbox) or a filter (role tab); each chip
 * is a full-size tap target and says whether it is chosen.
 */
export function Choice<T extends string>({
  label,
  options,
  selected,
  onSelect,
  asTabs = false,
  testId,
}: ChoiceProps<T>) {
  const multiple = Array.isArray(selected);
  const isOn = (value: T) => (multiple ? (selected as T[]).includes(value) : selected === value);
  const groupRole = asTabs ? 'tablist' : multiple ? 'group' : 'radiogroup';
  const itemRole = asTabs ? 'tab' : multiple ? 'checkbox' : 'radio';
  return (
    <View className="chips" {...roleOf(groupRole)} ariaLabel={label} data-testid={testId}>
      {options.map((option) => (
        <View
          key={option.value}
          className={`chip ${isOn(option.value) ? 'chip-active' : ''} ${option.disabled ? 'chip-disabled' : ''}`}
          {...roleOf(itemRole)}
          ariaLabel={option.label}
          {...(asTabs
            ? { 'aria-selected': isOn(option.value) ? 'true' : 'false' }
            : { 'aria-checked': isOn(option.value) ? 'true' : 'false' })}
          aria-disabled={option.disabled ? 'true' : undefined}
          onClick={() => {
            if (!option.disabled) onSelect(option.value);
          }}
        >
          <Text>{option.text ?? option.label}</Text>
        </View>
      ))}
    </View>
  );
}
