import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { DemoAccount } from '@linli/shared/identity-api';
import { t } from '../../i18n';
import { auth, messageOf } from '../../services';
import { roleName } from '../../services/roles';
import { Action } from '../../components/action';
import { Card } from '../../components/card';
import { ListItem } from '../../components/list-item';
import { Page } from '../../components/page';
import { PageHeader } from '../../components/page-header';
import { ErrorState, Skeleton } from '../../components/states';
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
  const [accounts, setAccounts] = useState<DemoAccount[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const loadAccounts = () => {
    setListError(null);
    auth
      .listDemoAccounts()
      .then(setAccounts)
      .catch((e: unknown) => setListError(messageOf(e)));
  };
  useEffect(() => {
    if (!IS_WEAPP) loadAccounts();
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
      <PageHeader title={t('signInTitle')} subtitle={IS_WEAPP ? undefined : t('signInDemoHint')} />
      {error && (
        <Text className="error" {...{ role: 'alert' }}>
          {error}
        </Text>
      )}
      {IS_WEAPP ? (
        <Action
          kind="primary"
          label={t('signInWeChat')}
          busy={busy}
          busyLabel={t('signingIn')}
          onTap={() => void run(() => auth.signInWeChat())}
        />
      ) : (
        <View>
          {busy && <Text className="hint">{t('signingIn')}</Text>}
          {listError && <ErrorState message={listError} onRetry={loadAccounts} />}
          {!listError && accounts === null && <Skeleton cards={4} rows={1} />}
          {accounts?.map((account) => (
            <Card
              key={account.id}
              title={account.displayName}
              testId="demo-account"
              label={t('demoAccountLabel', { name: account.displayName, roles: rolesOf(account) })}
              onTap={() => void run(() => auth.signInDemo(account.id))}
            >
              <Text className="hint">{rolesOf(account)}</Text>
            </Card>
          ))}
        </View>
      )}
      <ListItem
        icon="staff"
        title={t('signInStaffLink')}
        testId="staff-sign-in-link"
        onTap={() => void Taro.navigateTo({ url: '/pages/staff-login/index' })}
      />
    </Page>
  );
}
