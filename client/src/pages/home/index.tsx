import { useCallback, useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import type { NoticeView } from '@linli/shared/notices';
import { useUser } from '../../hooks/use-user';
import { t, type MessageKey } from '../../i18n';
import { listNotices, refreshUnreadBadge, subscribeNotices } from '../../services/notices';
import { openNoticePage } from '../../services/notice-format';
import { Page } from '../../components/page';
import { QuickMealCard } from '../../components/quick-meal-card';

const SERVICES: { key: string; name: MessageKey; url?: string }[] = [
  { key: 'meals', name: 'serviceMeals', url: '/pages/meals/index' },
  { key: 'daycare', name: 'serviceDaycare' },
  { key: 'repairs', name: 'serviceRepairs' },
  { key: 'votes', name: 'serviceVotes' },
  { key: 'pledges', name: 'servicePledges' },
];

/** Unread emergency notices, shown as a banner until opened. */
function useUnreadEmergencies(signedIn: boolean): NoticeView[] {
  const [emergencies, setEmergencies] = useState<NoticeView[]>([]);
  const refresh = useCallback(async () => {
    try {
      const unread = await refreshUnreadBadge();
      if (!unread || unread.byCategory.emergency === 0) {
        setEmergencies([]);
        return;
      }
      const page = await listNotices(1, 'emergency');
      setEmergencies(page.items.filter((n) => !n.read));
    } catch {
      // offline: keep what is shown
    }
  }, []);
  useEffect(() => {
    if (signedIn) void refresh();
  }, [signedIn, refresh]);
  useEffect(() => subscribeNotices(() => void refresh()), [refresh]);
  useDidShow(() => {
    if (signedIn) void refresh();
  });
  return emergencies;
}

export default function Home() {
  const { user, error, reload } = useUser();
  const emergencies = useUnreadEmergencies(user !== null);
  return (
    <Page title="appName">
      {emergencies.map((notice) => (
        <View
          key={notice.id}
          className="emergency-banner"
          data-testid="emergency-banner"
          role="alert"
          ariaLabel={t('emergencyBannerLabel', { title: notice.title })}
          onClick={() => openNoticePage(notice.id)}
        >
          <Text className="emergency-tag">{t('noticeCategoryEmergency')}</Text>
          <Text className="emergency-title">{notice.title}</Text>
          <Text className="emergency-more">{t('emergencyBannerOpen')} ›</Text>
        </View>
      ))}
      {user ? (
        <Text className="title" data-testid="greeting">
          {t('greeting', { name: user.displayName })}
        </Text>
      ) : (
        <Text className="hint">{t('loading')}</Text>
      )}
      {error && (
        <View>
          <Text className="error">{error}</Text>
          <View className="link" role="button" ariaLabel={t('retry')} onClick={reload}>
            <Text>{t('retry')}</Text>
          </View>
        </View>
      )}
      {user && user.grants.length > 0 && (
        <View
          className="card"
          role="button"
          ariaLabel={t('staffEntry')}
          onClick={() => void Taro.navigateTo({ url: '/packages/staff/pages/index/index' })}
        >
          <Text className="tile-name">{t('staffEntry')} ›</Text>
        </View>
      )}
      <QuickMealCard user={user} />
      <Text className="hint">{t('servicesTitle')}</Text>
      <View className="tiles">
        {SERVICES.map((service) => (
          <View
            className="tile"
            key={service.key}
            role={service.url ? 'button' : undefined}
            ariaLabel={t(service.name)}
            data-testid={`tile-${service.key}`}
            onClick={() => service.url && void Taro.navigateTo({ url: service.url })}
          >
            <Text className="tile-name">{t(service.name)}</Text>
            {!service.url && <Text className="badge">{t('comingSoon')}</Text>}
          </View>
        ))}
      </View>
    </Page>
  );
}
