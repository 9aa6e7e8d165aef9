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
import { Card } from '../../components/card';
import { Field, FormError } from '../../components/field';
import { formErrorsOf, NO_ERRORS, type FormErrors } from '../../components/field-errors';
import { Page } from '../../components/page';
import { PageHeader, SectionTitle } from '../../components/page-header';
import { usePreferences } from '../../hooks/use-preferences';
import { EmptyState, ErrorState, Skeleton } from '../../components/states';
import { StatusBadge } from '../../components/status-badge';

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
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [saving, setSaving] = useState(false);
  const open = alert.status === 'open';
  const address = [alert.buildingName, alert.unit].filter(Boolean).join(' ');

  const acknowledge = async () => {
    setErrors(NO_ERRORS);
    if (!note.trim()) return setErrors({ fields: {}, form: t('wellnessAckNeedNote') });
    setSaving(true);
    try {
      await acknowledgeAlert(alert.id, { note: note.trim() });
      void Taro.showToast({ title: t('wellnessAckDone'), icon: 'none' });
      wellnessAlertsChanged.emit();
    } catch (e) {
      setErrors(formErrorsOf(e, messageOf(e), ['note']));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card
      className={`wellness-alert ${open ? 'wellness-open' : ''} ${highlighted ? 'wellness-highlighted' : ''}`}
      variant={open ? 'flagged' : highlighted ? 'highlight' : 'plain'}
      testId="wellness-alert"
      data={{ 'alert-id': alert.id, status: alert.status }}
    >
      <View className="card-head">
        <Text className="card-title">{alert.elder.displayName}</Text>
        <StatusBadge
          state={open ? 'nobodyAnswered' : 'acknowledged'}
          label={t(open ? 'wellnessOpen' : 'wellnessAcknowledged')}
        />
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
            error={errors.fields.note}
          />
          <FormError message={errors.form} />
          <Action
            kind="primary"
            label={t('wellnessAck')}
            busy={saving}
            testId="wellness-ack"
            onTap={() => void acknowledge()}
          />
        </View>
      )}
    </Card>
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
      <PageHeader title={t('wellnessTitle')} subtitle={t('wellnessIntro')} />
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
          <SectionTitle>{t('wellnessCommunity', { name: group.name })}</SectionTitle>
          {group.alerts.length === 0 && (
            <EmptyState
              icon="wellness"
              title={t('wellnessCommunityEmpty')}
              testId="wellness-community-empty"
            />
          )}
          {first(group.alerts).map((alert) => (
            <AlertCard key={alert.id} alert={alert} highlighted={alert.id === focus} canAcknowledge />
          ))}
        </View>
      ))}
      {(!isCommittee || (mine.data?.items.length ?? 0) > 0) && (
        <View data-testid="wellness-mine">
          {isCommittee && <SectionTitle>{t('wellnessMine')}</SectionTitle>}
          {!mine.data && !mine.error && <Skeleton cards={1} rows={2} />}
          {mine.data && mine.data.items.length === 0 && (
            <EmptyState icon="wellness" title={t('wellnessEmpty')} testId="wellness-empty" />
          )}
          {first(mine.data?.items ?? []).map((alert) => (
            <AlertCard key={alert.id} alert={alert} highlighted={alert.id === focus} canAcknowledge={false} />
          ))}
        </View>
      )}
    </Page>
  );
}
