import { useCallback, useEffect, useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { NOTICE_CATEGORIES, type NoticeCategory, type NoticeView } from '@linli/shared/notices';
import { useUser } from '../../hooks/use-user';
import { t } from '../../i18n';
import { messageOf } from '../../services';
import { listNotices, refreshUnreadBadge, subscribeNotices } from '../../services/notices';
import { CATEGORY_TONES, categoryLabel, formatDate, openNoticePage } from '../../services/notice-format';
import { NotifyMe } from '../../components/notify-me';
import { Action } from '../../components/action';
import { Card } from '../../components/card';
import { Choice } from '../../components/choice';
import { Page } from '../../components/page';
import { PageHeader } from '../../components/page-header';
import { EmptyState, ErrorState, Skeleton } from '../../components/states';
import { Tag } from '../../components/status-badge';
import { usePreferences } from '../../hooks/use-preferences';

export default function Notices() {
  // Re-renders in place when the language or care mode changes (nothing typed is lost).
  usePreferences();
  const { user } = useUser();
  const [category, setCategory] = useState<NoticeCategory | undefined>(undefined);
  const [items, setItems] = useState<NoticeView[]>([]);
  const [total, setTotal] = useState(0);
  const [page, setPage] = useState(1);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Answers to an older request (another category, a newer refresh) are dropped.
  const generation = useRef(0);

  const load = useCallback(
    async (nextPage: number) => {
      const mine = nextPage === 1 ? ++generation.current : generation.current;
      setLoading(true);
      try {
        const result = await listNotices(nextPage, category);
        if (mine !== generation.current) return;
        setItems((previous) => (nextPage === 1 ? result.items : [...previous, ...result.items]));
        setTotal(result.total);
        setPage(nextPage);
        setError(null);
      } catch (e) {
        if (mine === generation.current) setError(messageOf(e));
      } finally {
        if (mine === generation.current) setLoading(false);
      }
    },
    [category],
  );

  const signedIn = user !== null;
  useEffect(() => {
    if (signedIn) void load(1);
  }, [signedIn, load]);
  useEffect(() => subscribeNotices(() => void load(1)), [load]);
  useDidShow(() => {
    if (signedIn) {
      void load(1);
      void refreshUnreadBadge();
    }
  });
  usePullDownRefresh(() => {
    void load(1).finally(() => void Taro.stopPullDownRefresh());
  });
  const hasMore = items.length < total;
  useReachBottom(() => {
    if (hasMore && !loading) void load(page + 1);
  });

  const chips: { key: string; value: NoticeCategory | undefined; label: string }[] = [
    { key: 'all', value: undefined, label: t('noticesAll') },
    ...NOTICE_CATEGORIES.map((c) => ({ key: c, value: c, label: categoryLabel(c) })),
  ];

  return (
    <Page title="tabNotices">
      <PageHeader title={t('noticesTitle')} />
      <NotifyMe signedIn={signedIn} />
      <Choice<string>
        asTabs
        label={t('noticesTitle')}
        options={chips.map((chip) => ({
          value: chip.key,
          label: t('noticesFilterLabel', { category: chip.label }),
          text: chip.label,
        }))}
        selected={category ?? 'all'}
        onSelect={(key) => setCategory(chips.find((c) => c.key === key)?.value)}
      />
      {error && <ErrorState message={error} onRetry={() => void load(1)} />}
      {loading && items.length === 0 && !error && <Skeleton cards={3} />}
      {!loading && !error && items.length === 0 && (
        <EmptyState
          title={t('noticesEmpty')}
          action={category ? { label: t('noticesAll'), onTap: () => setCategory(undefined) } : undefined}
        />
      )}
      {items.map((notice) => (
        <Card
          key={notice.id}
          className={`notice notice-${notice.category}`}
          testId="notice-item"
          label={t(notice.read ? 'noticeItemLabel' : 'noticeItemUnreadLabel', {
            // The visible text in its order (category, pinned, title, date), so the name matches it.
            category: categoryLabel(notice.category),
            pinned: notice.pinned ? `${t('noticePinned')} ` : '',
            title: notice.title,
            date: formatDate(notice.publishedAt),
          })}
          onTap={() => openNoticePage(notice.id)}
        >
          <View className="notice-head">
            {!notice.read && <View className="unread-dot" />}
            <Tag label={categoryLabel(notice.category)} tone={CATEGORY_TONES[notice.category]} />
            {notice.pinned && <Tag label={t('noticePinned')} tone="warning" />}
          </View>
          <Text className={`notice-title ${notice.read ? '' : 'notice-unread'}`}>{notice.title}</Text>
          <Text className="notice-date">{formatDate(notice.publishedAt)}</Text>
        </Card>
      ))}
      {loading && items.length > 0 && <Skeleton cards={1} rows={1} />}
      {!loading && hasMore && <Action label={t('noticesLoadMore')} onTap={() => void load(page + 1)} />}
    </Page>
  );
}
