import { useCallback, useEffect, useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { NOTICE_CATEGORIES, type NoticeCategory, type NoticeView } from '@linli/shared/notices';
import { useUser } from '../../hooks/use-user';
import { t } from '../../i18n';
import { messageOf } from '../../services';
import { listNotices, refreshUnreadBadge, subscribeNotices } from '../../services/notices';
import { categoryLabel, formatDate, openNoticePage } from '../../services/notice-format';
import { NotifyMe } from '../../components/notify-me';
import { Page } from '../../components/page';
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
      <Text className="title">{t('noticesTitle')}</Text>
      <NotifyMe signedIn={signedIn} />
      <View className="chips" role="tablist">
        {chips.map((chip) => (
          <View
            key={chip.key}
            className={`chip ${chip.value === category ? 'chip-active' : ''}`}
            role="tab"
            ariaLabel={t('noticesFilterLabel', { category: chip.label })}
            onClick={() => setCategory(chip.value)}
          >
            <Text>{chip.label}</Text>
          </View>
        ))}
      </View>
      {error && (
        <View>
          <Text className="error">{error}</Text>
          <View className="link" role="button" ariaLabel={t('retry')} onClick={() => void load(1)}>
            <Text>{t('retry')}</Text>
          </View>
        </View>
      )}
      {!loading && !error && items.length === 0 && <Text className="hint">{t('noticesEmpty')}</Text>}
      {items.map((notice) => (
        <View
          key={notice.id}
          className={`card notice notice-${notice.category}`}
          data-testid="notice-item"
          role="button"
          ariaLabel={t(notice.read ? 'noticeItemLabel' : 'noticeItemUnreadLabel', {
            category: categoryLabel(notice.category),
            title: notice.title,
          })}
          onClick={() => openNoticePage(notice.id)}
        >
          <View className="notice-head">
            {!notice.read && <View className="unread-dot" />}
            <Text className={`tag tag-${notice.category}`}>{categoryLabel(notice.category)}</Text>
            {notice.pinned && <Text className="tag tag-pinned">{t('noticePinned')}</Text>}
          </View>
          <Text className={`notice-title ${notice.read ? '' : 'notice-unread'}`}>{notice.title}</Text>
          <Text className="notice-date">{formatDate(notice.publishedAt)}</Text>
        </View>
      ))}
      {loading && <Text className="hint">{t('loading')}</Text>}
      {!loading && hasMore && (
        <View
          className="link"
          role="button"
          ariaLabel={t('noticesLoadMore')}
          onClick={() => void load(page + 1)}
        >
          <Text>{t('noticesLoadMore')}</Text>
        </View>
      )}
    </Page>
  );
}
