import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import type { PublishedNoticeView } from '@linli/shared/notices';
import { Action } from '../../../../components/action';
import { Page } from '../../../../components/page';
import { useRemote } from '../../../../hooks/use-remote';
import { useUser } from '../../../../hooks/use-user';
import { t } from '../../../../i18n';
import { categoryLabel, formatDate } from '../../../../services/notice-format';
import { publisherCommunityIds } from '../../../../services/roles';
import { listCommunityNotices, publishedNoticesChanged } from '../../../../services/staff-notices';
import { CommunityPicker, useStaffCommunity } from '../../components/community-picker';
import { usePreferences } from '../../../../hooks/use-preferences';

function openUnread(notice: PublishedNoticeView): void {
  void Taro.navigateTo({
    url: `/packages/staff/pages/notice-unread/index?id=${encodeURIComponent(notice.id)}`,
  });
}

/** The community's published notices with how many of their audience have read each. */
export default function NoticeList() {
  // Re-renders in place when the language or care mode changes (nothing typed is lost).
  usePreferences();
  const { user } = useUser();
  const staff = useStaffCommunity(user ? publisherCommunityIds(user) : []);
  const notices = useRemote(
    () => listCommunityNotices(staff.communityId),
    staff.communityId !== '',
    [publishedNoticesChanged],
    staff.communityId,
  );
  usePullDownRefresh(() => {
    notices.reload();
    void Taro.stopPullDownRefresh();
  });

  return (
    <Page title="noticeListTitle">
      <Text className="title">{t('noticeListTitle')}</Text>
      <CommunityPicker
        ids={staff.ids}
        names={staff.names}
        communityId={staff.communityId}
        onChange={staff.setCommunityId}
      />
      <View className="actions">
        <Action
          inline
          kind="primary"
          label={t('staffCompose')}
          onTap={() => void Taro.navigateTo({ url: '/packages/staff/pages/notice-compose/index' })}
        />
        <Action inline label={t('commonRefresh')} onTap={notices.reload} />
      </View>
      {notices.error && <Text className="error">{notices.error}</Text>}
      {notices.data?.items.length === 0 && <Text className="hint">{t('noticeListEmpty')}</Text>}
      {notices.data?.items.map((notice) => {
        const unread = Math.max(notice.audienceSize - notice.readCount, 0);
        return (
          <View
            key={notice.id}
            className={`card notice notice-${notice.category}`}
            data-testid="staff-notice"
          >
            <View className="notice-head">
              <Text className={`tag tag-${notice.category}`}>{categoryLabel(notice.category)}</Text>
              {notice.pinned && <Text className="tag tag-pinned">{t('noticePinned')}</Text>}
            </View>
            <Text className="notice-title">{notice.title}</Text>
            <Text className="notice-date">{formatDate(notice.publishedAt)}</Text>
            <View
              ariaLabel={t('readCountLabel', {
                title: notice.title,
                read: notice.readCount,
                total: notice.audienceSize,
              })}
            >
              <Text className="read-count" data-testid="read-count">
                {t('readCount', { read: notice.readCount, total: notice.audienceSize })}
              </Text>
            </View>
            {unread > 0 && (
              <Action
                inline
                kind={notice.category === 'emergency' ? 'danger' : 'secondary'}
                label={t('unreadListLabel', { title: notice.title })}
                testId="open-unread"
                onTap={() => openUnread(notice)}
              >
                {t('unreadList')}
              </Action>
            )}
          </View>
        );
      })}
    </Page>
  );
}
