import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useUser } from '../../hooks/use-user';
import { t, type MessageKey } from '../../i18n';

const SERVICES: { key: string; name: MessageKey }[] = [
  { key: 'meals', name: 'serviceMeals' },
  { key: 'daycare', name: 'serviceDaycare' },
  { key: 'repairs', name: 'serviceRepairs' },
  { key: 'votes', name: 'serviceVotes' },
  { key: 'pledges', name: 'servicePledges' },
];

export default function Home() {
  const { user, error, reload } = useUser();
  return (
    <View className="page">
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
          <Text className="link" onClick={reload}>
            {t('retry')}
          </Text>
        </View>
      )}
      {user && user.grants.length > 0 && (
        <View
          className="card"
          onClick={() => void Taro.navigateTo({ url: '/packages/staff/pages/index/index' })}
        >
          <Text className="tile-name">{t('staffEntry')} ›</Text>
        </View>
      )}
      <Text className="hint">{t('servicesTitle')}</Text>
      <View className="tiles">
        {SERVICES.map((service) => (
          <View className="tile" key={service.key}>
            <Text className="tile-name">{t(service.name)}</Text>
            <Text className="badge">{t('comingSoon')}</Text>
          </View>
        ))}
      </View>
    </View>
  );
}
