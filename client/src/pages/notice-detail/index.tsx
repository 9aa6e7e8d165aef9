import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import type { NoticeView } from '@linli/shared/notices';
import { useUser } from '../../hooks/use-user';
import { t } from '../../i18n';
import { messageOf } from '../../services';
import { noticesChanged, openNotice } from '../../services/notices';
import { categoryLabel, formatDate } from '../../services/notice-format';
import { Page } from '../../components/page';
import { usePreferences } from '../../hooks/use-preferences';

export default function NoticeDetail() {
  // Re-renders in place when the language or care mode changes (nothing typed is lost).
  usePreferences();
  const { user } = useUser();
  const { params } = useRouter();
  const id = params.id ?? '';
  const [notice, setNotice] = useState<NoticeView | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = () => {
    setError(null);
    openNotice(id).then(
      (opened) => {
        setNotice(opened);
        // Now read: the badge, the list and Home's banner change.
        noticesChanged();
      },
      (e: unknown) => setError(messageOf(e)),
    );
  };

  const signedIn = user !== null;
  useEffect(() => {
    if (signedIn && id) load();
  }, [signedIn, id]);

  if (error) {
    return (
      <Page title="noticesTitle">
        <Text className="error">{error}</Text>
        <View className="link" role="button" ariaLabel={t('retry')} onClick={load}>
          <Text>{t('retry')}</Text>
        </View>
      </Page>
    );
  }
  if (!notice) {
    return (
      <Page title="noticesTitle">
        <Text className="hint">{t('loading')}</Text>
      </Page>
    );
  }
  return (
    <Page title="noticesTitle">
      <View className="notice-head">
        <Text className={`tag tag-${notice.category}`}>{categoryLabel(notice.category)}</Text>
        {notice.pinned && <Text className="tag tag-pinned">{t('noticePinned')}</Text>}
      </View>
      <Text className="title" data-testid="notice-title">
        {notice.title}
      </Text>
      <Text className="notice-date">{t('noticePublishedAt', { date: formatDate(notice.publishedAt) })}</Text>
      <View className="card">
        <Text className="notice-body" userSelect>
          {notice.body}
        </Text>
      </View>
    </Page>
  );
}
