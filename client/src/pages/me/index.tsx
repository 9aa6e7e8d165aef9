import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { maskPhone } from '@linli/shared/identity-api';
import { SIGN_IN_PAGE, useUser } from '../../hooks/use-user';
import { t } from '../../i18n';
import { auth } from '../../services';
import { roleNames } from '../../services/roles';
import { Page } from '../../components/page';

export default function MePage() {
  const { user, error } = useUser();

  const signOut = async () => {
    await auth.signOut();
    void Taro.showToast({ title: t('signOutDone'), icon: 'none' });
    void Taro.reLaunch({ url: SIGN_IN_PAGE });
  };

  return (
    <Page>
      <Text className="title">{t('meTitle')}</Text>
      {error && <Text className="error">{error}</Text>}
      {user && (
        <View className="card">
          <View className="row">
            <Text className="label">{t('meDisplayName')}</Text>
            <Text data-testid="me-name">{user.displayName}</Text>
          </View>
          <View className="row">
            <Text className="label">{t('meRealName')}</Text>
            <Text>{user.realName ?? t('meNotSet')}</Text>
          </View>
          <View className="row">
            <Text className="label">{t('mePhone')}</Text>
            <Text data-testid="me-phone">{user.phone ? maskPhone(user.phone) : t('meNotSet')}</Text>
          </View>
          <View className="row">
            <Text className="label">{t('meRoles')}</Text>
            <Text>{roleNames(user).join('、')}</Text>
          </View>
          <View className="row">
            <Text className="label">{t('meHomes')}</Text>
            <Text>{t('meHomesCount', { count: user.homes.length })}</Text>
          </View>
        </View>
      )}
      <Button className="primary" onClick={() => void signOut()}>
        {t('signOut')}
      </Button>
    </Page>
  );
}
