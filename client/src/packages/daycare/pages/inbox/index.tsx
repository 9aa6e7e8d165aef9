import { useState } from 'react';
import { View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import type { EnquiryStatus } from '@linli/shared/daycare';
import { Action, ButtonRow } from '../../../../components/action';
import { Card } from '../../../../components/card';
import { Choice } from '../../../../components/choice';
import { ListItem } from '../../../../components/list-item';
import { Page } from '../../../../components/page';
import { PageHeader } from '../../../../components/page-header';
import { RemoteView } from '../../../../components/remote-view';
import { StatusBadge } from '../../../../components/status-badge';
import { useRemote } from '../../../../hooks/use-remote';
import { useUser } from '../../../../hooks/use-user';
import { usePreferences } from '../../../../hooks/use-preferences';
import { t, type MessageKey } from '../../../../i18n';
import { daycareChanged, inbox } from '../../../../services/daycare';
import { enquiryDetail, enquiryTitle, operatedProviderId } from '../../components';
import { DAYCARE_PAGES } from '../centres/index';

type Filter = EnquiryStatus | 'all';
const FILTERS: Filter[] = [
  'all',
  'new',
  'replied',
  'visitBooked',
  'visited',
  'offered',
  'waitlisted',
  'enrolled',
];
const STATUS_KEYS: Record<Filter, MessageKey> = {
  all: 'daycareFilterAll',
  prepared: 'daycareStatusPrepared',
  new: 'daycareStatusNew',
  replied: 'daycareStatusReplied',
  visitBooked: 'daycareStatusVisitBooked',
  visited: 'daycareStatusVisited',
  offered: 'daycareStatusOffered',
  waitlisted: 'daycareStatusWaitlisted',
  enrolled: 'daycareStatusEnrolled',
  declined: 'daycareStatusDeclined',
  withdrawn: 'daycareStatusWithdrawn',
};

/** The centre's inbox: enquiries by status, unread first, live; the way to classes and visit slots. */
export default function DaycareInboxPage() {
  usePreferences();
  const { user } = useUser();
  const params = useRouter().params;
  const providerId = params.centre ?? operatedProviderId(user);
  const [filter, setFilter] = useState<Filter>('all');
  const source = useRemote(
    async () => (await inbox(providerId, filter === 'all' ? undefined : filter)).items,
    user !== null && providerId !== '',
    [daycareChanged],
    `${providerId}:${filter}`,
  );
  const open = (url: string) => void Taro.navigateTo({ url });
  return (
    <Page title="daycareInboxTitle">
      <PageHeader title={t('daycareInboxTitle')} />
      <ButtonRow>
        <Action
          kind="secondary"
          label={t('daycareClassesTitle')}
          testId="daycare-open-classes"
          onTap={() => open(`${DAYCARE_PAGES}/classes/index?centre=${providerId}`)}
        />
        <Action
          label={t('daycareCentreTitle')}
          onTap={() => open(`${DAYCARE_PAGES}/centre/index?id=${providerId}`)}
        />
      </ButtonRow>
      <Choice
        asTabs
        label={t('daycareFilter')}
        options={FILTERS.map((f) => ({ value: f, label: t(STATUS_KEYS[f]) }))}
        selected={filter}
        onSelect={setFilter}
        testId="daycare-inbox-filter"
      />
      <RemoteView source={source} empty={{ title: t('daycareInboxEmpty') }}>
        {(items) => (
          <Card>
            {items.map((e) => (
              <View key={e.id} data-testid="daycare-inbox-item" data-status={e.status} data-enquiry-id={e.id}>
                <ListItem
                  title={enquiryTitle(e, 'centre')}
                  detail={enquiryDetail(e)}
                  value={<StatusBadge state={e.status} label={e.statusLabel} />}
                  label={`${enquiryTitle(e, 'centre')} ${enquiryDetail(e)} ${e.statusLabel}`}
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
