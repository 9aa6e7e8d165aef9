import { Text, View } from '@tarojs/components';
import { useUser } from '../../hooks/use-user';
import { t } from '../../i18n';

export default function Notices() {
  useUser();
  return (
    <View className="page">
      <Text className="title">{t('noticesTitle')}</Text>
      <View className="card">
        <Text className="hint">{t('noticesComingSoon')}</Text>
        <Text className="badge">{t('comingSoon')}</Text>
      </View>
    </View>
  );
}
