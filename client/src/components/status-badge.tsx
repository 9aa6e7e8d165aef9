import { Text } from '@tarojs/components';
import { toneOf, type Tone } from './status-tones';

/**
 * A record's state as a word on its tone's colour (never colour alone): `state` picks the tone
 * from STATE_TONES, `tone` overrides it for a badge that is not a workflow state.
 */
export function StatusBadge({
  state,
  label,
  tone,
  testId,
}: {
  state?: string;
  label: string;
  tone?: Tone;
  testId?: string;
}) {
  const colour = tone ?? toneOf(state ?? '');
  return (
    <Text className={`badge tone-${colour}`} data-testid={testId} data-state={state}>
      {label}
    </Text>
  );
}

/** A small label beside a name (a dish's 软烂, a notice's 活动). */
export function Tag({ label, tone = 'primary' }: { label: string; tone?: Tone }) {
  return <Text className={`tag tone-${tone}`}>{label}</Text>;
}
