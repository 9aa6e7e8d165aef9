import { Input, Text, Textarea, View } from '@tarojs/components';

interface FieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  /** Several lines (a notice's text). */
  multiline?: boolean;
  password?: boolean;
  /** 'digit' and 'number' bring up the number pad in the mini-program. */
  type?: 'text' | 'number' | 'digit';
  maxLength?: number;
  /** The server's word on this field (see fieldErrors / fieldMessagesOf), shown under it. */
  error?: string;
  testId?: string;
  /** The keyboard's done / Enter on a one-line field (serve the code just typed). */
  onConfirm?: () => void;
}

/**
 * A labelled input with its inline error. The label is visible above the field (a placeholder
 * disappears as soon as one types) and, in h5, also set on the inner <input> that Taro renders,
 * where screen readers look; an error turns the frame red and is read with the field.
 */
export function Field({
  label,
  value,
  onChange,
  placeholder,
  multiline,
  password,
  type,
  maxLength,
  error,
  testId,
  onConfirm,
}: FieldProps) {
  const name = error ? `${label}: ${error}` : label;
  const native = { 'aria-label': name, 'aria-invalid': error ? 'true' : undefined };
  return (
    <View className={`field ${error ? 'field-invalid' : ''}`}>
      <Text className="field-label">{label}</Text>
      {multiline ? (
        <Textarea
          className="textarea"
          value={value}
          placeholder={placeholder}
          maxlength={maxLength ?? 5000}
          autoHeight
          data-testid={testId}
          ariaLabel={name}
          nativeProps={native}
          onInput={(e) => onChange(e.detail.value)}
        />
      ) : (
        <Input
          className="input"
          value={value}
          password={password}
          type={type}
          placeholder={placeholder}
          maxlength={maxLength ?? 140}
          data-testid={testId}
          ariaLabel={name}
          nativeProps={native}
          onInput={(e) => onChange(e.detail.value)}
          onConfirm={onConfirm}
        />
      )}
      {error && (
        <Text
          className="field-error"
          {...{ role: 'alert' }}
          data-testid={testId ? `${testId}-error` : undefined}
        >
          {error}
        </Text>
      )}
    </View>
  );
}

/**
 * What a refused form says that no field shows (FormErrors.form, a failed lookup), above its
 * buttons; read out at once. Renders nothing without a message.
 */
export function FormError({ message, testId }: { message: string | null | undefined; testId?: string }) {
  if (!message) return null;
  return (
    <View className="form-error" {...{ role: 'alert' }} data-testid={testId}>
      <Text>{message}</Text>
    </View>
  );
}
