import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { Me } from '@linli/shared/identity-api';
import type { WellnessAlertView } from '@linli/shared/meals-wellness';
import type { EmergencyAlertView } from '@linli/shared/emergency';
import { Card } from '../../../../components/card';
import { ListItem } from '../../../../components/list-item';
import { NotifyMe } from '../../../../components/notify-me';
import { Page } from '../../../../components/page';
import { PageHeader, SectionTitle } from '../../../../components/page-header';
import { RemoteView } from '../../../../components/remote-view';
import { StatusBadge } from '../../../../components/status-badge';
import { usePreferences } from '../../../../hooks/use-preferences';
import { useRemote } from '../../../../hooks/use-remote';
import { useUser } from '../../../../hooks/use-user';
import { t } from '../../../../i18n';
import { listCommunityNames } from '../../../../services/communities';
import {
  careAlerts,
  communityAlerts,
  EMERGENCY_ALERT_PAGE,
  emergencyChanged,
} from '../../../../services/emergency';
import { committeeOrder } from '../../../../services/emergency-format';
import { wellnessAlertsChanged } from '../../../../services/meals';
import { mealName } from '../../../../services/meals-labels';
import { committeeCommunityIds } from '../../../../services/roles';
import { AlertCard } from '../../components/alert-card';

interface Section {
  key: string;
  title: string;
  emergency: EmergencyAlertView[];
  wellness: WellnessAlertView[];
}

/** The carer's section (the people I look after), then one per community whose committee I sit on. */
async function sections(me: Me): Promise<Section[]> {
  const communities = committeeCommunityIds(me);
  const [mine, names, staff] = await Promise.all([
    careAlerts(),
    communities.length > 0
      ? listCommunityNames().catch(() => ({}) as Record<string, string>)
      : Promise.resolve({} as Record<string, string>),
    Promise.all(communities.map((id) => communityAlerts(id))),
  ]);
  const list: Section[] = communities.map((id, i) => ({
    key: id,
    title: t('careCommunity', { name: names[id] ?? '' }),
    emergency: committeeOrder(staff[i].emergency),
    wellness: staff[i].wellness,
  }));
  if (communities.length === 0 || mine.emergency.length + mine.wellness.length > 0)
    list.push({ key: 'mine', title: t('careMine'), emergency: mine.emergency, wellness: mine.wellness });
  return list;
}

function WellnessItem({ alert }: { alert: WellnessAlertView }) {
  const open = alert.status === 'open';
  const line = t('careWellnessLine', {
    name: alert.elder.displayName,
    date: alert.date,
    meal: mealName(alert.meal),
  });
  return (
    <ListItem
      icon="wellness"
      title={line}
      label={line}
      value={<StatusBadge state={alert.status} label={t(open ? 'wellnessOpen' : 'wellnessAcknowledged')} />}
      testId="care-wellness"
      onTap={() => void Taro.navigateTo({ url: `/pages/wellness/index?id=${alert.id}` })}
    />
  );
}

/**
 * Calls for help and missed-meal wellness alerts in one view, for carers (about the people they
 * look after) and duty staff (their community: ongoing calls first, the longest waiting on top,
 * with the time each took to be acknowledged). Acknowledging is one tap; staff close a call with
 * what happened. Live: a new call, an acknowledgement or a wellness alert refetches it.
 */
export default function CarePage() {
  usePreferences();
  const { user } = useUser();
  const view = useRemote(
    () => sections(user!),
    user !== null,
    [emergencyChanged, wellnessAlertsChanged],
    user?.id ?? '',
  );

  return (
    <Page title="careTitle">
      <PageHeader title={t('careTitle')} subtitle={t('careIntro')} />
      {/* Mini-program: the tap that lets WeChat bring the next call while the app is closed. */}
      <NotifyMe signedIn={user !== null} />
      <RemoteView
        source={view}
        isEmpty={(list) => list.every((s) => s.emergency.length + s.wellness.length === 0)}
        empty={{ title: t('careEmpty'), hint: t('careEmptyHint') }}
      >
        {(list) =>
          list.map((section) => (
            <View
              key={section.key}
              data-testid={`care-section-${section.key === 'mine' ? 'mine' : 'community'}`}
            >
              <SectionTitle>{section.title}</SectionTitle>
              {section.emergency.map((alert) => (
                <AlertCard
                  key={alert.id}
                  alert={alert}
                  own={false}
                  onOpen={() => void Taro.navigateTo({ url: `${EMERGENCY_ALERT_PAGE}?id=${alert.id}` })}
                />
              ))}
              {section.emergency.length === 0 && <Text className="hint">{t('careNoCalls')}</Text>}
              {section.wellness.length > 0 && (
                <Card title={t('careWellnessTitle')}>
                  {section.wellness.map((alert) => (
                    <WellnessItem key={alert.id} alert={alert} />
                  ))}
                </Card>
              )}
            </View>
          ))
        }
      </RemoteView>
    </Page>
  );
}
