import { Input, Text, Textarea, View } from '@tarojs/components';

interface FieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  /** Several lines (a notice's text). */
  multiline?: boolean;
  password?: boolean;
  maxLength?: number;
  testId?: string;
}

/**
 * A labelled input. The label is visible above the field (a placeholder disappears as soon as one
 * types) and, in h5, also set on the inner <input> that Taro renders, where screen readers look.
 */
export function Field({
  label,
  value,
  onChange,
  placeholder,
  multiline,
  password,
  maxLength,
  testId,
}: FieldProps) {
  const native = { 'aria-label': label };
  return (
    <View className="field">
      <Text className="field-label">{label}</Text>
      {multiline ? (
        <Textarea
          className="textarea"
          value={value}
          placeholder={placeholder}
          maxlength={maxLength ?? 5000}
          autoHeight
          data-testid={testId}
          ariaLabel={label}
          nativeProps={native}
          onInput={(e) => onChange(e.detail.value)}
        />
      ) : (
        <Input
          className="input"
          value={value}
          password={password}
          placeholder={placeholder}
          maxlength={maxLength ?? 140}
          data-testid={testId}
          ariaLabel={label}
          nativeProps={native}
          onInput={(e) => onChange(e.detail.value)}
        />
      )}
    </View>
  );
}
