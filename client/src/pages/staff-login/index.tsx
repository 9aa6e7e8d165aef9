import { useState } from 'react';
import { Text } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { t } from '../../i18n';
import { auth, messageOf } from '../../services';
import { Action } from '../../components/action';
import { Field } from '../../components/field';
import { Page } from '../../components/page';
import { PageHeader } from '../../components/page-header';
import { usePreferences } from '../../hooks/use-preferences';

export default function StaffLogin() {
  // Re-renders in place when the language or care mode changes (nothing typed is lost).
  usePreferences();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (!username.trim() || !password) {
      setError(t('staffSignInMissing'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await auth.signInStaff(username.trim(), password);
      await Taro.switchTab({ url: '/pages/home/index' });
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title="staffSignInTitle">
      <PageHeader title={t('staffSignInTitle')} />
      <Field
        label={t('staffUsername')}
        value={username}
        maxLength={64}
        testId="staff-username"
        onChange={setUsername}
      />
      <Field
        label={t('staffPassword')}
        password
        value={password}
        maxLength={200}
        testId="staff-password"
        onChange={setPassword}
      />
      {error && (
        <Text className="error" {...{ role: 'alert' }}>
          {error}
        </Text>
      )}
      <Action
        kind="primary"
        label={t('staffSignInButton')}
        testId="staff-sign-in"
        busy={busy}
        busyLabel={t('signingIn')}
        onTap={() => void submit()}
      />
    </Page>
  );
}
