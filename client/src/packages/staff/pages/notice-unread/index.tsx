import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import type { UnreadResidentView } from '@linli/shared/notices';
import { Action } from '../../../../components/action';
import { Card } from '../../../../components/card';
import { ListItem } from '../../../../components/list-item';
import { Page } from '../../../../components/page';
import { PageHeader } from '../../../../components/page-header';
import { RemoteView } from '../../../../components/remote-view';
import { ErrorState } from '../../../../components/states';
import { Tag } from '../../../../components/status-badge';
import { useRemote } from '../../../../hooks/use-remote';
import { useUser } from '../../../../hooks/use-user';
import { t } from '../../../../i18n';
import { CATEGORY_TONES, categoryLabel } from '../../../../services/notice-format';
import { getPublishedNotice, listUnreadResidents } from '../../../../services/staff-notices';
import { usePreferences } from '../../../../hooks/use-preferences';

/** A full number (not masked) can be dialled straight from the list. */
const DIALLABLE = /^1\d{10}$/;

function ResidentRow({ resident }: { resident: UnreadResidentView }) {
  const { person, householdLabel } = resident;
  const detail = person.phone ? `${person.displayName} ${person.phone}` : person.displayName;
  return (
    <ListItem
      icon="household"
      testId="unread-resident"
      title={householdLabel}
      detail={detail}
      value={
        person.phone && DIALLABLE.test(person.phone) ? (
          <Action
            inline
            kind="secondary"
            label={t('unreadCall', { name: person.displayName })}
            onTap={() => void Taro.makePhoneCall({ phoneNumber: person.phone! }).catch(() => undefined)}
          >
            {t('unreadCallShort')}
          </Action>
        ) : undefined
      }
    />
  );
}

/** Who a notice reaches but has not opened it, by building and unit: the doors to knock on. */
export default function NoticeUnread() {
  // Re-renders in place when the language or care mode changes (nothing typed is lost).
  usePreferences();
  const { user } = useUser();
  const { params } = useRouter();
  const id = params.id ?? '';
  const enabled = user !== null && id !== '';
  const notice = useRemote(() => getPublishedNotice(id), enabled);
  const unread = useRemote(() => listUnreadResidents(id), enabled);
  usePullDownRefresh(() => {
    unread.reload();
    void Taro.stopPullDownRefresh();
  });

  return (
    <Page title="unreadTitle">
      <PageHeader
        title={t('unreadTitle')}
        subtitle={t('unreadHint')}
        action={<Action inline kind="secondary" label={t('commonRefresh')} onTap={unread.reload} />}
      />
      {notice.error && <ErrorState message={notice.error} onRetry={notice.reload} />}
      {notice.data && (
        <Card variant="outlined">
          <View className="notice-head">
            <Tag label={categoryLabel(notice.data.category)} tone={CATEGORY_TONES[notice.data.category]} />
          </View>
          <Text className="notice-title">{notice.data.title}</Text>
        </Card>
      )}
      <RemoteView
        source={unread}
        cards={1}
        isEmpty={(page) => page.total === 0}
        empty={{ title: t('unreadNone') }}
      >
        {(page) => (
          <Card>
            <Text className="card-title" data-testid="unread-total">
              {t('unreadTotal', { count: page.total })}
            </Text>
            {page.items.map((resident) => (
              <ResidentRow key={resident.person.id} resident={resident} />
            ))}
          </Card>
        )}
      </RemoteView>
    </Page>
  );
}
