import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { CentreView } from '@linli/shared/daycare';
import { Card } from '../../../../components/card';
import { ListItem } from '../../../../components/list-item';
import { Page } from '../../../../components/page';
import { PageHeader } from '../../../../components/page-header';
import { RemoteView } from '../../../../components/remote-view';
import { useRemote } from '../../../../hooks/use-remote';
import { useUser } from '../../../../hooks/use-user';
import { usePreferences } from '../../../../hooks/use-preferences';
import { t } from '../../../../i18n';
import { daycareChanged, listCentres } from '../../../../services/daycare';
import { formatFen } from '../../../../services/meals-format';
import { CentreSummary, placesLine } from '../../components';

export const DAYCARE_PAGES = '/packages/daycare/pages';

/** Cheapest full-day (else any) fee after subsidy, the figure a family compares first. */
function fromLine(centre: CentreView): string {
  const fee = centre.fees.find((f) => f.schedule === 'fullDay') ?? centre.fees[0];
  return fee ? t('daycareFromFee', { net: formatFen(fee.netFen) }) : '';
}

/** The daycare centres serving my communities (and those I run), with places by class. */
export default function DaycareCentresPage() {
  usePreferences();
  const { user } = useUser();
  const centres = useRemote(listCentres, user !== null, [daycareChanged]);
  const open = (url: string) => void Taro.navigateTo({ url });
  return (
    <Page title="daycareTitle">
      <PageHeader title={t('daycareTitle')} subtitle={t('daycareIntro')} />
      <ListItem
        icon="bookings"
        title={t('daycareMyEnquiries')}
        testId="daycare-my-enquiries"
        onTap={() => open(`${DAYCARE_PAGES}/enquiries/index`)}
      />
      <RemoteView source={centres} empty={{ title: t('daycareNoCentres'), hint: t('daycareNoCentresHint') }}>
        {(items) => (
          <View>
            {items.map((centre) => (
              <Card key={centre.id} title={centre.name} testId="daycare-centre">
                <CentreSummary centre={centre} />
                {centre.classes.map((cls) => (
                  <ListItem key={cls.id} title={cls.name} detail={placesLine(cls)} />
                ))}
                <ListItem
                  title={t('daycareSeeCentre')}
                  detail={fromLine(centre)}
                  label={`${t('daycareSeeCentre')} ${fromLine(centre)}`}
                  testId="daycare-open-centre"
                  onTap={() => open(`${DAYCARE_PAGES}/centre/index?id=${centre.id}`)}
                />
              </Card>
            ))}
          </View>
        )}
      </RemoteView>
    </Page>
  );
}
