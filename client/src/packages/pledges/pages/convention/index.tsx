import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Action } from '../../../../components/action';
import { Card } from '../../../../components/card';
import { Page } from '../../../../components/page';
import { PageHeader } from '../../../../components/page-header';
import { RemoteView } from '../../../../components/remote-view';
import { Tag } from '../../../../components/status-badge';
import { usePreferences } from '../../../../hooks/use-preferences';
import { useRemote } from '../../../../hooks/use-remote';
import { useUser } from '../../../../hooks/use-user';
import { t } from '../../../../i18n';
import { messageOf } from '../../../../services';
import { convention, conventionChanged, signConvention } from '../../../../services/pledges';
import { residentCommunityOf } from '../../components/parts';

/** The community's current convention; sign it once per version (a new version asks again). */
export default function ConventionPage() {
  usePreferences();
  const { user } = useUser();
  const communityId = residentCommunityOf(user);
  const current = useRemote(
    () => convention(communityId),
    communityId !== '',
    [conventionChanged],
    communityId,
  );
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const sign = async (versionId: string) => {
    setBusy(true);
    setProblem(null);
    try {
      await signConvention(versionId);
      void Taro.showToast({ title: t('conventionSignedToast'), icon: 'none' });
    } catch (e) {
      setProblem(messageOf(e));
    }
    setBusy(false);
  };
  return (
    <Page title="pledgesConvention">
      <PageHeader title={t('pledgesConvention')} />
      <RemoteView source={current} isEmpty={(c) => !c.current} empty={{ title: t('conventionNone') }}>
        {(c) =>
          c.current && (
            <View data-testid="convention" data-signed={c.signedCurrent ? 'yes' : 'no'}>
              <Card>
                <Text className="hint">
                  {t('conventionEffective', { version: c.current.version, date: c.current.effectiveDate })}
                </Text>
                {c.current.text.split('\n').map((line, i) => (
                  <Text key={i} className="notice-body">
                    {line}
                  </Text>
                ))}
              </Card>
              {c.signedCurrent && <Tag label={t('conventionSigned')} tone="success" />}
              {!c.signedCurrent && c.signedVersions.length > 0 && (
                <Text className="hint">{t('conventionSignAgain')}</Text>
              )}
              {problem && <Text className="error">{problem}</Text>}
              {c.actions.includes('sign') && (
                <Action
                  kind="primary"
                  label={t('conventionSign')}
                  busy={busy}
                  testId="sign-convention"
                  onTap={() => void sign(c.current!.id)}
                />
              )}
            </View>
          )
        }
      </RemoteView>
    </Page>
  );
}
