import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Card } from '../../../../components/card';
import { HelpButton } from '../../../../components/help-button';
import { Page } from '../../../../components/page';
import { PageHeader } from '../../../../components/page-header';
import { EmptyState, ErrorState, Skeleton } from '../../../../components/states';
import { Toggle } from '../../../../components/toggle';
import { usePreferences } from '../../../../hooks/use-preferences';
import { useRemote } from '../../../../hooks/use-remote';
import { useUser } from '../../../../hooks/use-user';
import { t } from '../../../../i18n';
import {
  emergencyAlert,
  emergencyChanged,
  myEmergencies,
  setSharesLocation,
  sharesLocation,
} from '../../../../services/emergency';
import { AlertCard } from '../../components/alert-card';

/**
 * The emergency call page, reached from Me by every resident (and from Home's help button in care
 * mode). With no call going it offers the help button; once a call is raised it says who has been
 * told, then "王建国 is on the way" the moment someone acknowledges (live), then the outcome.
 * Opened with ?id= (the WeChat message to a carer or duty staff) it shows that call with the
 * buttons its viewer may use.
 */
export default function EmergencyAlertPage() {
  usePreferences();
  const { user } = useUser();
  const { id: routeId = '' } = useRouter().params;
  const [raisedId, setRaisedId] = useState('');
  const [shareLocation, setShareLocation] = useState(sharesLocation());
  const id = raisedId || routeId;
  const signedIn = user !== null;
  const shown = useRemote(
    async () => {
      if (id) return emergencyAlert(id);
      const mine = await myEmergencies(5);
      return mine.find((a) => a.status !== 'closed') ?? mine[0] ?? null;
    },
    signedIn,
    [emergencyChanged],
    id,
  );
  const alert = shown.data;
  const own = alert !== null && alert.person.id === user?.id;
  const canCallAgain = !alert || (own && alert.status === 'closed');
  const hasHome = (user?.homes.length ?? 0) > 0;

  return (
    <Page title="emergencyTitle">
      <PageHeader title={t('emergencyTitle')} subtitle={t('emergencyIntro')} />
      {shown.error && <ErrorState message={shown.error} onRetry={shown.reload} />}
      {shown.loading && shown.data === null && !shown.error && <Skeleton cards={1} rows={3} />}
      {alert && <AlertCard alert={alert} own={own} />}
      {signedIn && !hasHome && !alert && (
        <EmptyState
          title={t('emergencyNeedsHome')}
          action={{
            label: t('meJoinHousehold'),
            onTap: () => void Taro.navigateTo({ url: '/pages/household/index' }),
          }}
        />
      )}
      {signedIn && hasHome && !(shown.loading && shown.data === null) && canCallAgain && (
        <View data-testid="emergency-call">
          <HelpButton onRaised={(raised) => setRaisedId(raised.id)} />
          <Card>
            <Toggle
              label={t('emergencyShareLocation')}
              description={t('emergencyShareLocationHint')}
              on={shareLocation}
              testId="share-location"
              onChange={(on) => {
                setSharesLocation(on);
                setShareLocation(on);
              }}
            />
          </Card>
        </View>
      )}
      {own && alert.status !== 'closed' && (
        <Text className="hint" data-testid="emergency-keep-phone">
          {t('emergencyKeepPhone')}
        </Text>
      )}
    </Page>
  );
}
