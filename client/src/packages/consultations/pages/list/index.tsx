import Taro from '@tarojs/taro';
import { useUser } from '../../../../hooks/use-user';
import { useRemote } from '../../../../hooks/use-remote';
import { usePreferences } from '../../../../hooks/use-preferences';
import { t } from '../../../../i18n';
import { committeeCommunityIds } from '../../../../services/roles';
import {
  consultationsChanged,
  listConsultations,
  type ConsultationSummary,
} from '../../../../services/consultations';
import { shanghaiTime } from '../../../../services/consultations-format';
import { Action } from '../../../../components/action';
import { Card } from '../../../../components/card';
import { ListItem } from '../../../../components/list-item';
import { Page } from '../../../../components/page';
import { PageHeader } from '../../../../components/page-header';
import { RemoteView } from '../../../../components/remote-view';
import { StatusBadge } from '../../../../components/status-badge';

export const DETAIL_PAGE = '/packages/consultations/pages/detail/index';

/**
 * The consultations of my communities, newest first: residents see those out of draft for their
 * building, the committee also its drafts and a way to start one. Live: a status change refetches.
 */
function ConsultationRow({ c }: { c: ConsultationSummary }) {
  const detail = [
    t('consClosesAt', { when: shanghaiTime(c.votingClosesAt) }),
    c.turnout ? t('consTurnoutLine', c.turnout) : '',
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <ListItem
      testId="consultation-item"
      title={c.title}
      // Named by all it shows (title, times, status), so what is read out matches what is seen.
      label={`${c.title} ${detail} ${c.statusName}`}
      detail={detail}
      value={<StatusBadge state={c.status} label={c.statusName} />}
      onTap={() => void Taro.navigateTo({ url: `${DETAIL_PAGE}?id=${c.id}` })}
    />
  );
}

export default function ConsultationListPage() {
  usePreferences();
  const { user } = useUser();
  const list = useRemote(listConsultations, user !== null, [consultationsChanged]);
  const committee = user !== null && committeeCommunityIds(user).length > 0;

  return (
    <Page title="consTitle">
      <PageHeader
        title={t('consTitle')}
        action={
          committee ? (
            <Action
              inline
              kind="primary"
              label={t('consNew')}
              testId="consultation-new"
              onTap={() => void Taro.navigateTo({ url: '/packages/consultations/pages/compose/index' })}
            />
          ) : undefined
        }
      />
      {committee && (
        <Card>
          <ListItem
            icon="household"
            title={t('consOwnershipLink')}
            testId="ownership-link"
            onTap={() => void Taro.navigateTo({ url: '/packages/consultations/pages/ownership/index' })}
          />
        </Card>
      )}
      <RemoteView source={list} empty={{ title: t('consEmpty'), hint: t('consEmptyHint') }}>
        {(items) => (
          <Card>
            {items.map((c) => (
              <ConsultationRow key={c.id} c={c} />
            ))}
          </Card>
        )}
      </RemoteView>
    </Page>
  );
}
