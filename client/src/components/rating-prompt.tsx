import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { EvaluatedService, RateBody, RatingView } from '@linli/shared/evaluations';
import { getLocale, t } from '../i18n';
import { messageOf } from '../services';
import {
  dismissRating,
  editRating,
  evaluationsChanged,
  myRatings,
  providerScore,
  rate,
  toRate,
  type ToRateItem,
} from '../services/evaluations';
import { shanghaiDate } from '../services/meals-format';
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

type Question = ToRateItem['questions'][number];

/** The scores, comment and signature, for a new rating or a change to one. */
function RatingForm({
  questions,
  initial,
  saveLabel,
  saveTestId,
  onSave,
  secondary,
}: {
  questions: readonly Question[];
  initial?: Pick<RatingView, 'scores' | 'comment' | 'signed'>;
  saveLabel: string;
  saveTestId: string;
  onSave: (body: RateBody) => Promise<void>;
  secondary: { label: string; testId: string; onTap: () => Promise<void> | void };
}) {
  const [chosen, setChosen] = useState<Partial<Record<string, Score>>>(() =>
    Object.fromEntries(Object.entries(initial?.scores ?? {}).map(([k, v]) => [k, String(v) as Score])),
  );
  const [comment, setComment] = useState(initial?.comment ?? '');
  const [signed, setSigned] = useState(initial?.signed ?? false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const locale = getLocale();
  const label = (q: Question) => q.label[locale];

  const submit = async () => {
    const body = ratingBody(questions, chosen);
    if ('missing' in body) {
      const question = questions.find((q) => q.key === body.missing)!;
      return setError(t('rateMissing', { question: label(question) }));
    }
    setSaving(true);
    setError(null);
    try {
      await onSave({ ...body, signed, ...(comment.trim() ? { comment: comment.trim() } : {}) });
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setSaving(false);
    }
  };
  const other = async () => {
    try {
      await secondary.onTap();
    } catch (e) {
      setError(messageOf(e));
    }
  };

  return (
    <>
      {questions.map((q) => (
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
          label={secondary.label}
          testId={secondary.testId}
          onTap={() => void other()}
        />
        <Action
          kind="primary"
          label={saveLabel}
          busy={saving}
          testId={saveTestId}
          onTap={() => void submit()}
        />
      </ButtonRow>
    </>
  );
}

function RatingCard({ item }: { item: ToRateItem }) {
  return (
    <Card
      title={t('rateTitle', { title: item.title })}
      variant="highlight"
      testId="rating-prompt"
      data={{ service: item.service, item: item.itemId }}
    >
      <Text className="hint">{t('rateIntro')}</Text>
      <RatingForm
        questions={item.questions}
        saveLabel={t('rateSubmit')}
        saveTestId="rate-submit"
        onSave={async (body) => {
          await rate(item.service, item.itemId, body);
          toast(t('rateThanks'), 'done');
        }}
        secondary={{
          label: t('rateDismiss'),
          testId: 'rate-dismiss',
          onTap: () => dismissRating(item.service, item.itemId),
        }}
      />
    </Card>
  );
}

/**
 * A rating I gave: my scores, the service's reply under it, and "change" while the server says it
 * is still editable (its `actions`: 7 days from when it was given); after that it is read-only.
 */
function MyRating({ rating, questions }: { rating: RatingView; questions: readonly Question[] }) {
  const [editing, setEditing] = useState(false);
  const locale = getLocale();
  const labelOf = (key: string) => questions.find((q) => q.key === key)?.label[locale] ?? key;
  const scores = Object.entries(rating.scores)
    .map(([key, score]) => `${labelOf(key)} ${score}`)
    .join(t('listSeparator'));
  const editable = rating.actions.includes('edit');
  return (
    <Card
      title={t('myRatingTitle', { scores })}
      testId="my-rating"
      data={{ service: rating.service, item: rating.itemId, rating: rating.id }}
    >
      {rating.comment && !editing && <Text className="booking-line">{rating.comment}</Text>}
      {rating.reply && (
        <Text className="hint" data-testid="my-rating-reply">
          {t('ratingsReplyFrom', { text: rating.reply.text })}
        </Text>
      )}
      {editing ? (
        <RatingForm
          questions={questions}
          initial={rating}
          saveLabel={t('myRatingSave')}
          saveTestId="my-rating-save"
          onSave={async (body) => {
            await editRating(rating.id, body);
            setEditing(false);
            toast(t('myRatingSaved'), 'done');
          }}
          secondary={{
            label: t('myRatingCancel'),
            testId: 'my-rating-cancel',
            onTap: () => setEditing(false),
          }}
        />
      ) : editable ? (
        <>
          <Text className="hint">
            {t('myRatingEditableUntil', { date: shanghaiDate(new Date(rating.editableUntil)) })}
          </Text>
          <ButtonRow>
            <Action label={t('myRatingChange')} testId="my-rating-change" onTap={() => setEditing(true)} />
          </ButtonRow>
        </>
      ) : (
        <Text className="hint" data-testid="my-rating-locked">
          {t('myRatingLocked')}
        </Text>
      )}
    </Card>
  );
}

/** The question labels of a service, which come with a provider's score (asked only when needed). */
function MyRatings({ service, ratings }: { service: EvaluatedService; ratings: readonly RatingView[] }) {
  const first = ratings[0];
  const score = useRemote(
    () => providerScore(service, first.providerId),
    true,
    [],
    `${service}:${first.providerId}`,
  );
  if (!score.data) return null;
  return (
    <>
      {ratings.map((r) => (
        <MyRating key={r.id} rating={r} questions={score.data!.questions} />
      ))}
    </>
  );
}

/** Without `itemIds`, the ratings still worth showing on a service's page: changeable or answered. */
const RECENT_SHOWN = 3;

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
  const mine = useRemote(myRatings, user !== null, [evaluationsChanged], refreshKey);
  const items = (due.data ?? []).filter(
    (item) => item.service === service && (!itemIds || itemIds.includes(item.itemId)),
  );
  const given = (mine.data ?? [])
    .filter(
      (r) =>
        r.service === service &&
        (itemIds ? itemIds.includes(r.itemId) : r.actions.includes('edit') || r.reply !== undefined),
    )
    .slice(0, itemIds ? undefined : RECENT_SHOWN);
  if (items.length === 0 && given.length === 0) return null;
  return (
    <View data-testid="rating-prompts">
      {items.map((item) => (
        <RatingCard key={`${item.service}:${item.itemId}`} item={item} />
      ))}
      {given.length > 0 && <MyRatings service={service} ratings={given} />}
    </View>
  );
}
