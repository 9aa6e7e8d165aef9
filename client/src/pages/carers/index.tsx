import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { CarerLinkAction, CarerLinkView } from '@linli/shared/membership';
import { Action } from '../../components/action';
import { Field } from '../../components/field';
import { Page } from '../../components/page';
import { useRemote } from '../../hooks/use-remote';
import { useUser } from '../../hooks/use-user';
import { t, type MessageKey } from '../../i18n';
import { messageOf } from '../../services';
import {
  actOnCarerLink,
  bySide,
  carerLinksChanged,
  listMyCarerLinks,
  normaliseCarerCode,
  requestCarerLink,
} from '../../services/carer-links';
import { carerStatusLabel } from '../../services/membership-format';
import { usePreferences } from '../../hooks/use-preferences';

const ACTION_KEYS: Record<CarerLinkAction, MessageKey> = {
  confirm: 'carerConfirm',
  reject: 'carerReject',
  revoke: 'carerRevoke',
};

function LinkRow({ link, name }: { link: CarerLinkView; name: string }) {
  const act = async (action: CarerLinkAction) => {
    try {
      await actOnCarerLink(link.id, action);
    } catch (e) {
      void Taro.showToast({ title: messageOf(e), icon: 'none' });
    }
  };
  const status = carerStatusLabel(link.status);
  return (
    <View className="row" data-testid="carer-link" ariaLabel={t('carerLinkLabel', { name, status })}>
      <View>
        <Text className="tile-name">{name}</Text>
        <View className="actions">
          {link.actions.map((action) => (
            <Action
              key={action}
              inline
              kind={action === 'confirm' ? 'primary' : 'plain'}
              label={t('carerActionLabel', { action: t(ACTION_KEYS[action]), name })}
              onTap={() => void act(action)}
            >
              {t(ACTION_KEYS[action])}
            </Action>
          ))}
        </View>
      </View>
      <Text className={`status status-${link.status}`}>{status}</Text>
    </View>
  );
}

/** Carer links both ways: who may act for me, whom I act for, and asking to act for an elder. */
export default function Carers() {
  // Re-renders in place when the language or care mode changes (nothing typed is lost).
  usePreferences();
  const { user } = useUser();
  const links = useRemote(listMyCarerLinks, user !== null, [carerLinksChanged]);
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const sides = user && links.data ? bySide(links.data, user.id) : { asCarer: [], asElder: [] };

  const request = async () => {
    const elderUserId = normaliseCarerCode(code);
    if (!elderUserId) {
      setProblem(t('carersCodeInvalid'));
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      await requestCarerLink(elderUserId);
      setCode('');
      void Taro.showToast({ title: t('carersRequested'), icon: 'none' });
    } catch (e) {
      setProblem(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title="carersTitle">
      <Text className="title">{t('carersTitle')}</Text>
      {links.error && <Text className="error">{links.error}</Text>}
      {user && (
        <View className="card">
          <Text className="tile-name">{t('carersMyCode')}</Text>
          <Text className="hint">{t('carersMyCodeHint')}</Text>
          <Text className="code" data-testid="carer-code" userSelect>
            {user.id}
          </Text>
          <Action
            inline
            label={t('carersCopy')}
            onTap={() =>
              void Taro.setClipboardData({ data: user.id }).then(
                () => void Taro.showToast({ title: t('carersCopied'), icon: 'none' }),
                () => undefined,
              )
            }
          />
        </View>
      )}
      <Text className="section-title">{t('carersAsElder')}</Text>
      <View className="card">
        {sides.asElder.length === 0 && <Text className="hint">{t('carersNone')}</Text>}
        {sides.asElder.map((link) => (
          <LinkRow key={link.id} link={link} name={link.carerName ?? link.carerId} />
        ))}
      </View>
      <Text className="section-title">{t('carersAsCarer')}</Text>
      <View className="card">
        {sides.asCarer.length === 0 && <Text className="hint">{t('carersNone')}</Text>}
        {sides.asCarer.map((link) => (
          <LinkRow key={link.id} link={link} name={link.elderName ?? link.elderId} />
        ))}
      </View>
      <Text className="section-title">{t('carersRequestTitle')}</Text>
      <View className="card">
        <Field
          label={t('carersCode')}
          placeholder={t('carersCodePlaceholder')}
          value={code}
          maxLength={40}
          testId="carer-code-input"
          onChange={setCode}
        />
        {problem && <Text className="error">{problem}</Text>}
        <Action kind="primary" label={t('carersRequest')} disabled={busy} onTap={() => void request()} />
      </View>
    </Page>
  );
}
