import { useCallback, useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import type { NoticeView, UnreadCountView } from '@linli/shared/notices';
import { useUser } from '../../hooks/use-user';
import { usePreferences } from '../../hooks/use-preferences';
import { t, type MessageKey } from '../../i18n';
import { listNotices, refreshUnreadBadge, subscribeNotices } from '../../services/notices';
import { openNoticePage } from '../../services/notice-format';
import { roleOf } from '../../components/a11y';
import { Card } from '../../components/card';
import { Icon, type IconName } from '../../components/icon';
import { ListItem } from '../../components/list-item';
import { Page } from '../../components/page';
import { PageHeader, SectionTitle } from '../../components/page-header';
import { ServiceTile } from '../../components/service-tile';
import { ErrorState, Skeleton } from '../../components/states';
import { QuickMealCard } from '../../components/quick-meal-card';
import { HelpButton } from '../../components/help-button';
import { StaffQueues } from '../../components/staff-queues';
import { NextUpList } from '../../components/next-up-list';

interface Service {
  key: string;
  name: MessageKey;
  icon: IconName;
  url?: string;
}

/**
 * The services, those that work first. One not built yet is shown as coming (greyed, not a
 * button, saying 即将上线): the community offers it by policy, so a resident looks for it and
 * should learn it is planned rather than find it missing or tap into nothing.
 */
const SERVICES: Service[] = [
  { key: 'meals', name: 'serviceMeals', icon: 'meals', url: '/pages/meals/index' },
  { key: 'daycare', name: 'serviceDaycare', icon: 'daycare', url: '/packages/daycare/pages/centres/index' },
  { key: 'repairs', name: 'serviceRepairs', icon: 'repairs', url: '/packages/repairs/pages/mine/index' },
  { key: 'votes', name: 'serviceVotes', icon: 'votes', url: '/packages/consultations/pages/list/index' },
  { key: 'pledges', name: 'servicePledges', icon: 'pledges', url: '/packages/pledges/pages/index/index' },
];

/** Unread notices (for the count) and the unread emergencies (shown as a banner until opened). */
function useUnread(signedIn: boolean): { unread: UnreadCountView | null; emergencies: NoticeView[] } {
  const [unread, setUnread] = useState<UnreadCountView | null>(null);
  const [emergencies, setEmergencies] = useState<NoticeView[]>([]);
  const refresh = useCallback(async () => {
    try {
      const counts = await refreshUnreadBadge();
      setUnread(counts);
      if (!counts || counts.byCategory.emergency === 0) {
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
  return { unread, emergencies };
}

const openNotices = () => void Taro.switchTab({ url: '/pages/notices/index' });

export default function Home() {
  const { user, error, reload } = useUser();
  const { careMode } = usePreferences();
  const { unread, emergencies } = useUnread(user !== null);
  const unreadCount = unread?.total ?? 0;
  return (
    <Page title="appName">
      {emergencies.map((notice) => (
        <View
          key={notice.id}
          className="banner banner-strong emergency-banner"
          data-testid="emergency-banner"
          {...roleOf('alert')}
          ariaLabel={t('emergencyBannerLabel', { title: notice.title })}
          onClick={() => openNoticePage(notice.id)}
        >
          <Icon name="emergency" />
          <Text className="banner-text">
            <Text className="banner-tag">{t('noticeCategoryEmergency')} </Text>
            {notice.title}
          </Text>
          <Text>{t('emergencyBannerOpen')} ›</Text>
        </View>
      ))}
      {user ? (
        <PageHeader title={t('greeting', { name: user.displayName })} testId="greeting" />
      ) : (
        !error && <Skeleton cards={1} rows={2} />
      )}
      {error && <ErrorState message={error} onRetry={reload} />}
      {user && careMode && user.homes.length > 0 && <HelpButton />}

      {user && (
        <View data-testid="next-for-me">
          <SectionTitle>{t('nextForMeTitle')}</SectionTitle>
          <QuickMealCard user={user} />
          <Card>
            <NextUpList userId={user.id} />
            <ListItem
              icon="notices"
              title={unreadCount > 0 ? t('nextUnreadNotices', { count: unreadCount }) : t('nextNoNotices')}
              label={unreadCount > 0 ? t('nextUnreadNotices', { count: unreadCount }) : t('nextNoNotices')}
              testId="next-notices"
              onTap={openNotices}
            />
          </Card>
        </View>
      )}
      {user && user.grants.length > 0 && <StaffQueues user={user} />}

      <SectionTitle>{t('servicesTitle')}</SectionTitle>
      <View className="tiles">
        {SERVICES.map((service) => (
          <ServiceTile
            key={service.key}
            icon={service.icon}
            name={t(service.name)}
            hint={service.url ? undefined : t('comingSoon')}
            coming={!service.url}
            testId={`tile-${service.key}`}
            onTap={() => service.url && void Taro.navigateTo({ url: service.url })}
          />
        ))}
      </View>
    </Page>
  );
}
