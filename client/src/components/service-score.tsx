import { Text, View } from '@tarojs/components';
import type { EvaluatedService } from '@linli/shared/evaluations';
import { MIN_RATINGS_FOR_AVERAGE } from '@linli/shared/evaluations';
import { t } from '../i18n';
import { averageText, evaluationsChanged, providerScore, publicReplies } from '../services/evaluations';
import { useRemote } from '../hooks/use-remote';
import { useUser } from '../hooks/use-user';

/**
 * A provider's current score from residents' ratings (its last 12 months), for the service's page:
 * `<ServiceScore service="meals" providerId={canteen.providerId} />`. Below 5 ratings it says so
 * rather than show an average.
 */
export function ServiceScore({ service, providerId }: { service: EvaluatedService; providerId: string }) {
  const { user } = useUser();
  const score = useRemote(
    () => providerScore(service, providerId),
    user !== null,
    [evaluationsChanged],
    providerId,
  );
  // The provider's latest public replies, under its score: what residents said and what it answered.
  const replies = useRemote(
    () => publicReplies(service, providerId),
    user !== null,
    [evaluationsChanged],
    providerId,
  );
  if (!score.data) return null;
  const { overall, ratings } = score.data;
  return (
    <>
      <Text className="hint" data-testid="service-score">
        {overall.value === null
          ? t('scoreTooFew', { count: ratings, min: MIN_RATINGS_FOR_AVERAGE })
          : t('scoreLine', { score: averageText(overall.value), count: ratings })}
      </Text>
      {replies.data && replies.data.length > 0 && (
        <View data-testid="service-replies">
          {replies.data.map((r) => (
            <View key={r.id} data-testid="service-reply">
              {r.comment && <Text className="hint">{t('scoreResidentSaid', { text: r.comment })}</Text>}
              <Text className="hint">{t('ratingsReplyFrom', { text: r.reply.text })}</Text>
            </View>
          ))}
        </View>
      )}
    </>
  );
}
