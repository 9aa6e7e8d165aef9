import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { EvaluatedService } from '@linli/shared/evaluations';
import { getLocale, t } from '../i18n';
import { messageOf } from '../services';
import { dismissRating, evaluationsChanged, rate, toRate, type ToRateItem } from '../services/evaluations';
import { useRemote } from '../hooks/use-remote';
import { useUser } from '../hooks/use-user';
import { Action, ButtonRow } from './action';
import { Card } from './card';
import { Choice } from './choice';
import { Field } from './field';
import { toast } from './feedback';
import { Toggle } from './toggle';

const SCORES = ['1', '2', '3', '4', '5'] as const;
type Score = (typeof SCORES)[number];

/** What the server needs from the chosen scores, or the first question still unanswered. */
export function ratingBody(
  questions: readonly { key: string }[],
  chosen: Partial<Record<string, Score>>,
): { scores: Record<string, number> } | { missing: string } {
  const scores: Record<string, number> = {};
  for (const q of questions) {
    const score = chosen[q.key];
    if (!score) return { missing: q.key };
    scores[q.key] = Number(score);
  }
  return { scores };
}

function RatingCard({ item }: { item: ToRateItem }) {
  const [chosen, setChosen] = useState<Partial<Record<string, Score>>>({});
  const [comment, setComment] = useState('');
  const [signed, setSigned] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const locale = getLocale();
  const label = (q: ToRateItem['questions'][number]) => q.label[locale];

  const submit = async () => {
    const body = ratingBody(item.questions, chosen);
    if ('missing' in body) {
      const question = item.questions.find((q) => q.key === body.missing)!;
      return setError(t('rateMissing', { question: label(question) }));
    }
    setSaving(true);
    setError(null);
    try {
      await rate(item.service, item.itemId, {
        ...body,
        signed,
        ...(comment.trim() ? { comment: comment.trim() } : {}),
      });
      toast(t('rateThanks'), 'done');
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setSaving(false);
    }
  };
  const dismiss = async () => {
    try {
      await dismissRating(item.service, item.itemId);
    } catch (e) {
      setError(messageOf(e));
    }
  };

  return (
    <Card
      title={t('rateTitle', { title: item.title })}
      variant="highlight"
      testId="rating-prompt"
      data={{ service: item.service, item: item.itemId }}
    >
      <Text className="hint">{t('rateIntro')}</Text>
      {item.questions.map((q) => (
        <View key={q.key} data-testid={`rate-${q.key}`}>
          <Text className="field-label">{label(q)}</Text>
          <Choice<Score>
            label={label(q)}
            options={SCORES.map((s) => ({
              value: s,
              text: s,
              label: t('rateScoreLabel', { question: label(q), score: s }),
            }))}
            selected={chosen[q.key] ?? null}
            onSelect={(s) => setChosen((c) => ({ ...c, [q.key]: s }))}
          />
        </View>
      ))}
      <Field
        label={t('rateComment')}
        value={comment}
        onChange={setComment}
        maxLength={500}
        multiline
        testId="rate-comment"
      />
      <Toggle label={t('rateSigned')} description={t('rateSignedHint')} on={signed} onChange={setSigned} />
      {error && (
        <View className="error" role="alert">
          <Text>{error}</Text>
        </View>
      )}
      <ButtonRow>
        <Action
          kind="secondary"
          label={t('rateDismiss')}
          testId="rate-dismiss"
          onTap={() => void dismiss()}
        />
        <Action
          kind="primary"
          label={t('rateSubmit')}
          busy={saving}
          testId="rate-submit"
          onTap={() => void submit()}
        />
      </ButtonRow>
    </Card>
  );
}

/**
 * Asks the signed-in person to rate what they were given, only where the server says a rating is
 * due (served, not yet rated, not dismissed: asked once, never blocking). One line on a service's
 * page: `<RatingPrompt service="repairs" />`; `itemIds` narrows it to the records on screen, and a
 * new `refreshKey` (e.g. the ids of served bookings) asks the server again.
 */
export function RatingPrompt({
  service,
  itemIds,
  refreshKey = '',
}: {
  service: EvaluatedService;
  itemIds?: readonly string[];
  refreshKey?: string;
}) {
  const { user } = useUser();
  const due = useRemote(toRate, user !== null, [evaluationsChanged], refreshKey);
  const items = (due.data ?? []).filter(
    (item) => item.service === service && (!itemIds || itemIds.includes(item.itemId)),
  );
  if (items.length === 0) return null;
  return (
    <View data-testid="rating-prompts">
      {items.map((item) => (
        <RatingCard key={`${item.service}:${item.itemId}`} item={item} />
      ))}
    </View>
  );
}
