import { Text, View } from '@tarojs/components';

export interface ChoiceOption<T extends string> {
  value: T;
  label: string;
}

interface ChoiceProps<T extends string> {
  /** What is being chosen, for screen readers ('类别'). */
  label: string;
  options: ChoiceOption<T>[];
  /** One value (radio) or several (checkboxes). */
  selected: T | T[] | null;
  onSelect: (value: T) => void;
  testId?: string;
}

/** Chips to pick one value (role radio) or several (role checkbox); each chip is a tap target. */
export function Choice<T extends string>({ label, options, selected, onSelect, testId }: ChoiceProps<T>) {
  const multiple = Array.isArray(selected);
  const isOn = (value: T) => (multiple ? (selected as T[]).includes(value) : selected === value);
  return (
    <View className="chips" role={multiple ? 'group' : 'radiogroup'} ariaLabel={label} data-testid={testId}>
      {options.map((option) => (
        <View
          key={option.value}
          className={`chip ${isOn(option.value) ? 'chip-active' : ''}`}
          role={multiple ? 'checkbox' : 'radio'}
          ariaLabel={option.label}
          aria-checked={isOn(option.value) ? 'true' : 'false'}
          onClick={() => onSelect(option.value)}
        >
          <Text>{option.label}</Text>
        </View>
      ))}
    </View>
  );
}
