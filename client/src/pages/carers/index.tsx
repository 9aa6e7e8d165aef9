import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { CarerLinkAction, CarerLinkView } from '@linli/shared/membership';
import { Action } from '../../components/action';
import { Field } from '../../components/field';
import { Card } from '../../components/card';
import { Page } from '../../components/page';
import { PageHeader, SectionTitle } from '../../components/page-header';
import { RemoteView } from '../../components/remote-view';
import { StatusBadge } from '../../components/status-badge';
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
        <Text className="strong">{name}</Text>
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
      <StatusBadge state={link.status} label={status} />
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
      <PageHeader title={t('carersTitle')} />
      {user && (
        <View className="card">
          <Text className="card-title">{t('carersMyCode')}</Text>
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
      <SectionTitle>{t('carersAsElder')}</SectionTitle>
      <RemoteView
        source={links}
        isEmpty={() => sides.asElder.length === 0}
        empty={{ title: t('carersNone'), hint: t('carersMyCodeHint') }}
      >
        {() => (
          <Card>
            {sides.asElder.map((link) => (
              <LinkRow key={link.id} link={link} name={link.carerName ?? link.carerId} />
            ))}
          </Card>
        )}
      </RemoteView>
      <SectionTitle>{t('carersAsCarer')}</SectionTitle>
      <RemoteView
        source={links}
        isEmpty={() => sides.asCarer.length === 0}
        empty={{ title: t('carersNone'), hint: t('carersRequestTitle') }}
      >
        {() => (
          <Card>
            {sides.asCarer.map((link) => (
              <LinkRow key={link.id} link={link} name={link.elderName ?? link.elderId} />
            ))}
          </Card>
        )}
      </RemoteView>
      <SectionTitle>{t('carersRequestTitle')}</SectionTitle>
      <View className="card">
        <Field
          label={t('carersCode')}
          placeholder={t('carersCodePlaceholder')}
          value={code}
          maxLength={40}
          testId="carer-code-input"
          onChange={setCode}
        />
        {problem && (
          <Text className="error" {...{ role: 'alert' }}>
            {problem}
          </Text>
        )}
        <Action kind="primary" label={t('carersRequest')} busy={busy} onTap={() => void request()} />
      </View>
    </Page>
  );
}
