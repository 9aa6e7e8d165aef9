import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { EVALUATED_SERVICES, type EvaluatedService, type RatingView } from '@linli/shared/evaluations';
import { Action, ButtonRow } from '../../../../components/action';
import { Card } from '../../../../components/card';
import { Choice } from '../../../../components/choice';
import { toast } from '../../../../components/feedback';
import { Field } from '../../../../components/field';
import { Page } from '../../../../components/page';
import { PageHeader } from '../../../../components/page-header';
import { RemoteView } from '../../../../components/remote-view';
import { StatusBadge } from '../../../../components/status-badge';
import { usePreferences } from '../../../../hooks/use-preferences';
import { useRemote } from '../../../../hooks/use-remote';
import { useUser } from '../../../../hooks/use-user';
import { getLocale, t, type MessageKey } from '../../../../i18n';
import { messageOf } from '../../../../services';
import {
  evaluationsChanged,
  operatedRatings,
  providerScore,
  replyToRating,
} from '../../../../services/evaluations';
import { shanghaiDate, shiftMonth } from '../../../../services/meals-format';

const SERVICE_KEYS: Record<EvaluatedService, MessageKey> = {
  meals: 'serviceMeals',
  repairs: 'serviceRepairs',
  daycare: 'serviceDaycare',
  pledges: 'servicePledges',
};

type Labels = Partial<Record<EvaluatedService, Record<string, string>>>;

/**
 * The ratings and their question labels: the labels come with a provider's score, so one score is
 * asked per service on the list (an operator usually runs one provider).
 */
async function ratingsWithLabels(filter: { service?: EvaluatedService; month?: string }) {
  const ratings = await operatedRatings(filter);
  const firstOfService = new Map<EvaluatedService, string>();
  for (const r of ratings) if (!firstOfService.has(r.service)) firstOfService.set(r.service, r.providerId);
  const locale = getLocale();
  const labels: Labels = {};
  await Promise.all(
    [...firstOfService].map(async ([service, providerId]) => {
      const score = await providerScore(service, providerId);
      labels[service] = Object.fromEntries(score.questions.map((q) => [q.key, q.label[locale]]));
    }),
  );
  return { ratings, labels };
}

function ReplyForm({ rating }: { rating: RatingView }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const send = async () => {
    if (!text.trim()) return setError(t('ratingsOpReplyEmpty'));
    setSaving(true);
    setError(undefined);
    try {
      await replyToRating(rating.id, text.trim());
      toast(t('ratingsOpReplied'), 'done');
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <View>
      <Field
        label={t('ratingsOpReplyLabel')}
        value={text}
        onChange={setText}
        maxLength={500}
        multiline
        error={error}
        testId="rating-reply-text"
      />
      <ButtonRow>
        <Action
          kind="primary"
          label={t('ratingsOpReplySend')}
          busy={saving}
          testId="rating-reply-send"
          onTap={() => void send()}
        />
      </ButtonRow>
    </View>
  );
}

function OperatedRating({ rating, labels }: { rating: RatingView; labels: Record<string, string> }) {
  const scores = Object.entries(rating.scores)
    .map(([key, score]) => `${labels[key] ?? key} ${score}`)
    .join(t('listSeparator'));
  return (
    <Card
      title={rating.rater?.displayName ?? t('ratingsOpAnonymous')}
      testId="operated-rating"
      data={{ rating: rating.id, service: rating.service }}
    >
      <Text className="hint">
        {t(SERVICE_KEYS[rating.service])}
        {t('listSeparator')}
        {t('ratingsOpServed', { date: shanghaiDate(new Date(rating.servedAt)) })}
      </Text>
      <Text className="booking-line" data-testid="operated-rating-scores">
        {scores}
      </Text>
      {rating.comment && (
        <Text className="booking-line" data-testid="operated-rating-comment">
          {rating.comment}
        </Text>
      )}
      {rating.reply ? (
        <View data-testid="operated-rating-reply">
          <StatusBadge tone="success" label={t('ratingsOpReplied')} />
          <Text className="hint">{t('ratingsReplyFrom', { text: rating.reply.text })}</Text>
        </View>
      ) : (
        rating.actions.includes('reply') && <ReplyForm rating={rating} />
      )}
    </Card>
  );
}

/**
 * The operator's ratings (a canteen, a repairs team, a daycare centre; a committee for its
 * community's pledge projects): residents' scores and comments, names only where they signed,
 * newest first, by service and served month, with one public reply each.
 */
export default function OperatorRatingsPage() {
  usePreferences();
  const { user } = useUser();
  const [service, setService] = useState<EvaluatedService | 'all'>('all');
  const thisMonth = shanghaiDate(new Date()).slice(0, 7);
  const [month, setMonth] = useState<string>('all');
  const filter = {
    ...(service === 'all' ? {} : { service }),
    ...(month === 'all' ? {} : { month }),
  };
  const list = useRemote(
    () => ratingsWithLabels(filter),
    user !== null,
    [evaluationsChanged],
    `${service}:${month}`,
  );
  const months = [0, -1, -2].map((d) => shiftMonth(thisMonth, d));

  return (
    <Page title="ratingsOpTitle">
      <PageHeader title={t('ratingsOpTitle')} subtitle={t('ratingsOpIntro')} />
      <Choice<EvaluatedService | 'all'>
        label={t('ratingsOpService')}
        asTabs
        testId="ratings-service"
        options={[
          { value: 'all', label: t('ratingsOpAllServices') },
          ...EVALUATED_SERVICES.map((s) => ({ value: s, label: t(SERVICE_KEYS[s]) })),
        ]}
        selected={service}
        onSelect={setService}
      />
      <Choice<string>
        label={t('ratingsOpMonth')}
        testId="ratings-month"
        options={[
          { value: 'all', label: t('ratingsOpAllMonths') },
          ...months.map((m) => ({
            value: m,
            label: t('evalMonthShort', { year: m.slice(0, 4), month: Number(m.slice(5)) }),
          })),
        ]}
        selected={month}
        onSelect={setMonth}
      />
      <RemoteView
        source={list}
        isEmpty={(d) => d.ratings.length === 0}
        empty={{ title: t('ratingsOpEmpty'), hint: t('ratingsOpEmptyHint') }}
      >
        {({ ratings, labels }) => (
          <View data-testid="operated-ratings">
            {ratings.map((r) => (
              <OperatedRating key={r.id} rating={r} labels={labels[r.service] ?? {}} />
            ))}
          </View>
        )}
      </RemoteView>
    </Page>
  );
}
