import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { DemoAccount } from '@linli/shared/identity-api';
import { t } from '../../i18n';
import { auth, messageOf } from '../../services';
import { roleName } from '../../services/roles';
import { Action } from '../../components/action';
import { Page } from '../../components/page';
import { usePreferences } from '../../hooks/use-preferences';

export const HOME_PAGE = '/pages/home/index';
const IS_WEAPP = process.env.TARO_ENV === 'weapp';

function rolesOf(account: DemoAccount): string {
  return account.roles
    .map((role) => (role === 'resident' ? t('roleResident') : roleName(role)))
    .join(t('listSeparator'));
}

export default function Login() {
  // Re-renders in place when the language or care mode changes (nothing typed is lost).
  usePreferences();
  const [accounts, setAccounts] = useState<DemoAccount[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (IS_WEAPP) return;
    auth
      .listDemoAccounts()
      .then(setAccounts)
      .catch((e: unknown) => setError(messageOf(e)));
  }, []);

  const run = async (signIn: () => Promise<unknown>) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await signIn();
      await Taro.switchTab({ url: HOME_PAGE });
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title="signInTitle">
      <Text className="title">{t('signInTitle')}</Text>
      {error && <Text className="error">{error}</Text>}
      {busy && <Text className="hint">{t('signingIn')}</Text>}
      {IS_WEAPP ? (
        <Action kind="primary" label={t('signInWeChat')} onTap={() => void run(() => auth.signInWeChat())} />
      ) : (
        <View>
          <Text className="hint">{t('signInDemoHint')}</Text>
          {accounts.map((account) => (
            <View
              key={account.id}
              className="card account"
              data-testid="demo-account"
              role="button"
              ariaLabel={t('demoAccountLabel', { name: account.displayName, roles: rolesOf(account) })}
              onClick={() => void run(() => auth.signInDemo(account.id))}
            >
              <Text className="tile-name">{account.displayName}</Text>
              <Text className="label">{rolesOf(account)}</Text>
            </View>
          ))}
        </View>
      )}
      <View
        className="link"
        role="button"
        ariaLabel={t('signInStaffLink')}
        data-testid="staff-sign-in-link"
        onClick={() => void Taro.navigateTo({ url: '/pages/staff-login/index' })}
      >
        <Text>{t('signInStaffLink')}</Text>
      </View>
    </Page>
  );
}
