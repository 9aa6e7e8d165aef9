import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import type { Me } from '@linli/shared/identity-api';
import type { WellnessAlertView } from '@linli/shared/meals-wellness';
import { useRemote } from '../../hooks/use-remote';
import { useUser } from '../../hooks/use-user';
import { t } from '../../i18n';
import { messageOf } from '../../services';
import { listCommunityNames } from '../../services/communities';
import {
  acknowledgeAlert,
  communityWellnessAlerts,
  myWellnessAlerts,
  wellnessAlertsChanged,
} from '../../services/meals';
import { shanghaiDate } from '../../services/meals-format';
import { dayLabel, mealName } from '../../services/meals-labels';
import { committeeCommunityIds } from '../../services/roles';
import { Action } from '../../components/action';
import { Field } from '../../components/field';
import { Page } from '../../components/page';
import { usePreferences } from '../../hooks/use-preferences';
import { ErrorState } from '../../components/states';

function AlertCard({
  alert,
  highlighted,
  canAcknowledge,
}: {
  alert: WellnessAlertView;
  highlighted: boolean;
  canAcknowledge: boolean;
}) {
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const open = alert.status === 'open';
  const address = [alert.buildingName, alert.unit].filter(Boolean).join(' ');

  const acknowledge = async () => {
    setError(null);
    if (!note.trim()) return setError(t('wellnessAckNeedNote'));
    setSaving(true);
    try {
      await acknowledgeAlert(alert.id, { note: note.trim() });
      void Taro.showToast({ title: t('wellnessAckDone'), icon: 'none' });
      wellnessAlertsChanged.emit();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <View
      className={`card wellness-alert ${open ? 'wellness-open' : ''} ${highlighted ? 'wellness-highlighted' : ''}`}
      data-testid="wellness-alert"
      data-alert-id={alert.id}
      data-status={alert.status}
    >
      <View className="menu-head">
        <Text className="menu-meal">{alert.elder.displayName}</Text>
        <Text className={`tag ${open ? 'status-noShow' : 'status-served'}`}>
          {t(open ? 'wellnessOpen' : 'wellnessAcknowledged')}
        </Text>
      </View>
      <Text className="booking-line">
        {t('wellnessLine', {
          date: dayLabel(alert.date, shanghaiDate(new Date())),
          meal: mealName(alert.meal),
        })}
      </Text>
      {address && <Text className="hint">{t('wellnessAddress', { address })}</Text>}
      {alert.reportNote && <Text className="hint">{t('wellnessReport', { note: alert.reportNote })}</Text>}
      {alert.note && <Text className="booking-line">{t('wellnessNoteLine', { note: alert.note })}</Text>}
      {open && canAcknowledge && (
        <View>
          <Field
            label={t('wellnessAckNote')}
            value={note}
            onChange={setNote}
            placeholder={t('wellnessAckPlaceholder')}
            maxLength={500}
            testId="wellness-ack-note"
          />
          {error && (
            <View className="error" role="alert">
              <Text>{error}</Text>
            </View>
          )}
          <Action
            kind="primary"
            label={t('wellnessAck')}
            disabled={saving}
            testId="wellness-ack"
            onTap={() => void acknowledge()}
          />
        </View>
      )}
    </View>
  );
}

async function committeeAlerts(me: Me | null) {
  const ids = me ? committeeCommunityIds(me) : [];
  if (ids.length === 0) return [];
  const [names, pages] = await Promise.all([
    listCommunityNames().catch(() => ({}) as Record<string, string>),
    Promise.all(ids.map((id) => communityWellnessAlerts(id))),
  ]);
  return ids.map((id, i) => ({ communityId: id, name: names[id] ?? '', alerts: pages[i].items }));
}

/**
 * Wellness alerts: a delivered meal found nobody at the door. Carers see those about the elders
 * they care for; committee members also see their communities' open ones and say what they found.
 * The WeChat message opens this page with ?id= of the alert, which is shown first.
 */
export default function WellnessPage() {
  // Re-renders in place when the language or care mode changes (nothing typed is lost).
  usePreferences();
  const { user } = useUser();
  const { id: focus = '' } = useRouter().params;
  const signedIn = user !== null;
  const mine = useRemote(() => myWellnessAlerts(), signedIn, [wellnessAlertsChanged]);
  const committee = useRemote(() => committeeAlerts(user), signedIn, [wellnessAlertsChanged], user?.id ?? '');
  const first = (alerts: WellnessAlertView[]) =>
    [...alerts].sort((a, b) => Number(b.id === focus) - Number(a.id === focus));
  const isCommittee = (committee.data ?? []).length > 0;

  return (
    <Page className="meals">
      <Text className="title">{t('wellnessTitle')}</Text>
      <Text className="hint">{t('wellnessIntro')}</Text>
      {(mine.error || committee.error) && (
        <ErrorState
          message={(mine.error ?? committee.error)!}
          onRetry={() => {
            mine.reload();
            committee.reload();
          }}
        />
      )}
      {(committee.data ?? []).map((group) => (
        <View key={group.communityId} data-testid="wellness-community">
          <Text className="section-title">{t('wellnessCommunity', { name: group.name })}</Text>
          {group.alerts.length === 0 && (
            <Text className="hint" data-testid="wellness-community-empty">
              {t('wellnessCommunityEmpty')}
            </Text>
          )}
          {first(group.alerts).map((alert) => (
            <AlertCard key={alert.id} alert={alert} highlighted={alert.id === focus} canAcknowledge />
          ))}
        </View>
      ))}
      {(!isCommittee || (mine.data?.items.length ?? 0) > 0) && (
        <View data-testid="wellness-mine">
          {isCommittee && <Text className="section-title">{t('wellnessMine')}</Text>}
          {mine.loading && !mine.data && <Text className="hint">{t('loading')}</Text>}
          {mine.data && mine.data.items.length === 0 && (
            <Text className="hint" data-testid="wellness-empty">
              {t('wellnessEmpty')}
            </Text>
          )}
          {first(mine.data?.items ?? []).map((alert) => (
            <AlertCard key={alert.id} alert={alert} highlighted={alert.id === focus} canAcknowledge={false} />
          ))}
        </View>
      )}
    </Page>
  );
}
