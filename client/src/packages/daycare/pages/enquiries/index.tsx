import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Action } from '../../../../components/action';
import { ListItem } from '../../../../components/list-item';
import { Page } from '../../../../components/page';
import { PageHeader } from '../../../../components/page-header';
import { RatingPrompt } from '../../../../components/rating-prompt';
import { RemoteView } from '../../../../components/remote-view';
import { StatusBadge } from '../../../../components/status-badge';
import { Card } from '../../../../components/card';
import { useRemote } from '../../../../hooks/use-remote';
import { useUser } from '../../../../hooks/use-user';
import { usePreferences } from '../../../../hooks/use-preferences';
import { t } from '../../../../i18n';
import { daycareChanged, myEnquiries } from '../../../../services/daycare';
import { enquiryDetail, enquiryTitle } from '../../components';
import { DAYCARE_PAGES } from '../centres/index';

/** My enquiries (and those I prepared for a parent), newest first, each with its status, live. */
export default function DaycareEnquiriesPage() {
  usePreferences();
  const { user } = useUser();
  const source = useRemote(async () => (await myEnquiries()).items, user !== null, [daycareChanged]);
  const open = (url: string) => void Taro.navigateTo({ url });
  return (
    <Page title="daycareMyEnquiries">
      <PageHeader
        title={t('daycareMyEnquiries')}
        action={
          <Action
            inline
            kind="secondary"
            label={t('daycareNewEnquiry')}
            testId="daycare-new-enquiry"
            onTap={() => open(`${DAYCARE_PAGES}/enquire/index`)}
          />
        }
      />
      {/* Asked again when an enquiry on screen moves (a visit marked makes its rating due). */}
      <RatingPrompt
        service="daycare"
        refreshKey={(source.data ?? []).map((e) => `${e.id}:${e.status}`).join(',')}
      />
      <RemoteView
        source={source}
        empty={{
          title: t('daycareNoEnquiries'),
          hint: t('daycareNoEnquiriesHint'),
          action: { label: t('daycareSeeCentres'), onTap: () => open(`${DAYCARE_PAGES}/centres/index`) },
        }}
      >
        {(items) => (
          <Card>
            {items.map((e) => (
              <View key={e.id} data-testid="daycare-my-enquiry" data-status={e.status} data-enquiry-id={e.id}>
                <ListItem
                  title={enquiryTitle(e, 'family')}
                  detail={enquiryDetail(e)}
                  value={<StatusBadge state={e.status} label={e.statusLabel} />}
                  label={`${enquiryTitle(e, 'family')} ${enquiryDetail(e)} ${e.statusLabel}`}
                  onTap={() => open(`${DAYCARE_PAGES}/enquiry/index?id=${e.id}`)}
                />
              </View>
            ))}
          </Card>
        )}
      </RemoteView>
    </Page>
  );
}
