import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import type { NoticeView } from '@linli/shared/notices';
import { useUser } from '../../hooks/use-user';
import { t } from '../../i18n';
import { messageOf } from '../../services';
import { noticesChanged, openNotice } from '../../services/notices';
import { CATEGORY_TONES, categoryLabel, formatDate } from '../../services/notice-format';
import { Card } from '../../components/card';
import { Page } from '../../components/page';
import { PageHeader } from '../../components/page-header';
import { ErrorState, Skeleton } from '../../components/states';
import { Tag } from '../../components/status-badge';
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
        <ErrorState message={error} onRetry={load} />
      </Page>
    );
  }
  if (!notice) {
    return (
      <Page title="noticesTitle">
        <Skeleton cards={1} rows={4} />
      </Page>
    );
  }
  return (
    <Page title="noticesTitle">
      <View className="notice-head">
        <Tag label={categoryLabel(notice.category)} tone={CATEGORY_TONES[notice.category]} />
        {notice.pinned && <Tag label={t('noticePinned')} tone="warning" />}
      </View>
      <PageHeader
        title={notice.title}
        subtitle={t('noticePublishedAt', { date: formatDate(notice.publishedAt) })}
        testId="notice-title"
      />
      <Card>
        <Text className="notice-body" userSelect>
          {notice.body}
        </Text>
      </Card>
    </Page>
  );
}
