import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import type { UnreadResidentView } from '@linli/shared/notices';
import { Action } from '../../../../components/action';
import { Page } from '../../../../components/page';
import { useRemote } from '../../../../hooks/use-remote';
import { useUser } from '../../../../hooks/use-user';
import { t } from '../../../../i18n';
import { categoryLabel } from '../../../../services/notice-format';
import { getPublishedNotice, listUnreadResidents } from '../../../../services/staff-notices';
import { usePreferences } from '../../../../hooks/use-preferences';

/** A full number (not masked) can be dialled straight from the list. */
const DIALLABLE = /^1\d{10}$/;

function ResidentRow({ resident }: { resident: UnreadResidentView }) {
  const { person, householdLabel } = resident;
  return (
    <View className="row" data-testid="unread-resident">
      <View>
        <Text className="tile-name">{householdLabel}</Text>
        <Text>{person.displayName}</Text>
        {person.phone && <Text className="label"> {person.phone}</Text>}
      </View>
      {person.phone && DIALLABLE.test(person.phone) && (
        <Action
          inline
          label={t('unreadCall', { name: person.displayName })}
          onTap={() => void Taro.makePhoneCall({ phoneNumber: person.phone! }).catch(() => undefined)}
        >
          📞
        </Action>
      )}
    </View>
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
      {notice.data && (
        <View className="notice-head">
          <Text className={`tag tag-${notice.data.category}`}>{categoryLabel(notice.data.category)}</Text>
          <Text className="notice-title">{notice.data.title}</Text>
        </View>
      )}
      <Text className="title">{t('unreadTitle')}</Text>
      <Text className="hint">{t('unreadHint')}</Text>
      {(notice.error || unread.error) && <Text className="error">{notice.error ?? unread.error}</Text>}
      {unread.data && (
        <Text className="tile-name" data-testid="unread-total">
          {unread.data.total === 0 ? t('unreadNone') : t('unreadTotal', { count: unread.data.total })}
        </Text>
      )}
      {unread.data && unread.data.items.length > 0 && (
        <View className="card">
          {unread.data.items.map((resident) => (
            <ResidentRow key={resident.person.id} resident={resident} />
          ))}
        </View>
      )}
      <Action label={t('commonRefresh')} onTap={unread.reload} />
    </Page>
  );
}
