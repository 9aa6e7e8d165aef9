import { useState } from 'react';
import { Button, Input, Text } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { t } from '../../i18n';
import { auth, messageOf } from '../../services';
import { Page } from '../../components/page';

export default function StaffLogin() {
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
    <Page>
      <Text className="title">{t('staffSignInTitle')}</Text>
      <Input
        className="input"
        placeholder={t('staffUsername')}
        value={username}
        onInput={(e) => setUsername(e.detail.value)}
      />
      <Input
        className="input"
        password
        placeholder={t('staffPassword')}
        value={password}
        onInput={(e) => setPassword(e.detail.value)}
      />
      {error && <Text className="error">{error}</Text>}
      <Button className="primary" disabled={busy} onClick={() => void submit()}>
        {busy ? t('signingIn') : t('staffSignInButton')}
      </Button>
    </Page>
  );
}
