import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { t } from '../i18n';
import { realtime } from '../services/realtime';
import type { ConnectionState } from '../services/realtime-client';
import { roleOf } from './a11y';
import { Icon } from './icon';

/** The live connection's state; re-renders the caller when it changes. */
export function useConnectionState(): ConnectionState {
  const [state, setState] = useState<ConnectionState>(realtime?.connection ?? 'idle');
  useEffect(() => {
    if (!realtime) return undefined;
    setState(realtime.connection);
    return realtime.onConnectionChange(setState);
  }, []);
  return state;
}

/**
 * Says so while the live connection is down and socket.io is reconnecting: what is on screen may
 * be behind, and missed events are caught up on reconnect (the realtime client's replay). Every
 * page shows it (components/page.tsx); nothing while connecting the first time or when online.
 */
export function ConnectionBanner() {
  const state = useConnectionState();
  if (state !== 'reconnecting') return null;
  return (
    <View
      className="banner tone-warning"
      {...roleOf('status')}
      ariaLabel={t('offlineReconnecting')}
      data-testid="connection-banner"
    >
      <Icon name="offline" />
      <Text className="banner-text">{t('offlineReconnecting')}</Text>
    </View>
  );
}
