import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import type { PublishedNoticeView } from '@linli/shared/notices';
import { Action, ButtonRow } from '../../../../components/action';
import { Card } from '../../../../components/card';
import { Page } from '../../../../components/page';
import { PageHeader } from '../../../../components/page-header';
import { ProgressBar } from '../../../../components/progress-bar';
import { RemoteView } from '../../../../components/remote-view';
import { Tag } from '../../../../components/status-badge';
import { useRemote } from '../../../../hooks/use-remote';
import { useUser } from '../../../../hooks/use-user';
import { t } from '../../../../i18n';
import { CATEGORY_TONES, categoryLabel, formatDate } from '../../../../services/notice-format';
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

  const compose = () => void Taro.navigateTo({ url: '/packages/staff/pages/notice-compose/index' });
  return (
    <Page title="noticeListTitle">
      <PageHeader title={t('noticeListTitle')} />
      <CommunityPicker
        ids={staff.ids}
        names={staff.names}
        communityId={staff.communityId}
        onChange={staff.setCommunityId}
      />
      <ButtonRow>
        <Action kind="primary" label={t('staffCompose')} onTap={compose} />
        <Action kind="secondary" label={t('commonRefresh')} onTap={notices.reload} />
      </ButtonRow>
      <RemoteView
        source={notices}
        cards={3}
        isEmpty={(page) => page.items.length === 0}
        empty={{ title: t('noticeListEmpty'), action: { label: t('staffCompose'), onTap: compose } }}
      >
        {(page) =>
          page.items.map((notice) => {
            const unread = Math.max(notice.audienceSize - notice.readCount, 0);
            return (
              <Card
                key={notice.id}
                className={`notice notice-${notice.category}`}
                testId="staff-notice"
                variant={notice.category === 'emergency' && unread > 0 ? 'flagged' : 'plain'}
              >
                <View className="notice-head">
                  <Tag label={categoryLabel(notice.category)} tone={CATEGORY_TONES[notice.category]} />
                  {notice.pinned && <Tag label={t('noticePinned')} tone="warning" />}
                </View>
                <Text className="notice-title">{notice.title}</Text>
                <Text className="notice-date">{formatDate(notice.publishedAt)}</Text>
                <ProgressBar
                  label={t('readProgress')}
                  value={notice.readCount}
                  max={notice.audienceSize}
                  valueText={t('readCount', { read: notice.readCount, total: notice.audienceSize })}
                  valueTestId="read-count"
                />
                {unread > 0 && (
                  <Action
                    kind={notice.category === 'emergency' ? 'danger' : 'secondary'}
                    label={t('unreadListLabel', { title: notice.title })}
                    testId="open-unread"
                    onTap={() => openUnread(notice)}
                  >
                    {t('unreadList')}
                  </Action>
                )}
              </Card>
            );
          })
        }
      </RemoteView>
    </Page>
  );
}
