import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { t } from '../i18n';
import { ApiError, messageOf } from '../services';
import {
  askConsent,
  offeredTemplates,
  SUBSCRIBE_SUPPORTED,
  type OfferedTemplate,
} from '../services/subscriptions';
import { Action } from './action';

/**
 * Mini-program only: "notify me of emergencies". WeChat shows its consent prompt only from a tap,
 * so this button is where we ask; each "allow" lets the server send one message while offline.
 * Hidden when the server has no template configured (nothing to ask for).
 */
export function NotifyMe({ signedIn }: { signedIn: boolean }) {
  const [offered, setOffered] = useState<OfferedTemplate[]>([]);
  const [status, setStatus] = useState<string | null>(null);

  useEffect(() => {
    if (!SUBSCRIBE_SUPPORTED || !signedIn) return;
    offeredTemplates().then(setOffered, () => setOffered([]));
  }, [signedIn]);

  if (!SUBSCRIBE_SUPPORTED || offered.length === 0) return null;

  const ask = async () => {
    try {
      const outcomes = await askConsent(offered);
      const granted = outcomes.find((o) => o.accepted);
      setStatus(granted ? t('notifyGranted', { count: granted.credits }) : t('notifyDeclined'));
      setOffered((list) =>
        list.map((o) => ({
          ...o,
          credits: outcomes.find((x) => x.template === o.template)?.credits ?? o.credits,
        })),
      );
    } catch (e) {
      // The prompt itself failed (older WeChat, turned off in settings): say so plainly.
      setStatus(e instanceof ApiError ? messageOf(e) : t('notifyUnavailable'));
    }
  };

  return (
    <View className="card" data-testid="notify-me">
      <Text className="hint">{t('notifyEmergenciesHint')}</Text>
      <Action kind="secondary" label={t('notifyEmergencies')} onTap={() => void ask()} />
      {status && <Text className="hint">{status}</Text>}
    </View>
  );
}
