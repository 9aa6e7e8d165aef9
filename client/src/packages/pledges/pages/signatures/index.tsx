import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Choice } from '../../../../components/choice';
import { DoorGrid } from '../../../../components/door-grid';
import { ListItem } from '../../../../components/list-item';
import { Page } from '../../../../components/page';
import { PageHeader, SectionTitle } from '../../../../components/page-header';
import { ProgressBar } from '../../../../components/progress-bar';
import { RemoteView } from '../../../../components/remote-view';
import { usePreferences } from '../../../../hooks/use-preferences';
import { useRemote } from '../../../../hooks/use-remote';
import { useUser } from '../../../../hooks/use-user';
import { t } from '../../../../i18n';
import { formatDate } from '../../../../services/notice-format';
import {
  conventionChanged,
  conventionVersions,
  signatureMap,
  signatures,
} from '../../../../services/pledges';
import { committeeCommunityOf, PLEDGES_ROOT } from '../../components/parts';

/** For the committee: the current version's signatures per building, and who signed which version. */
export default function ConventionSignatures() {
  usePreferences();
  const { user } = useUser();
  const communityId = committeeCommunityOf(user);
  // Which version's signatures are shown: the newest unless the committee picks an earlier one.
  const [picked, setPicked] = useState('');
  const data = useRemote(
    async () => {
      const versions = [...(await conventionVersions(communityId))].sort((a, b) => b.version - a.version);
      const shown = versions.find((v) => v.id === picked) ?? versions[0];
      if (!shown) return null;
      const [map, who] = await Promise.all([signatureMap(shown.id), signatures(shown.id)]);
      return { versions, shown: shown.id, map, who };
    },
    communityId !== '',
    [conventionChanged],
    `${communityId}:${picked}`,
  );
  return (
    <Page title="pledgesSignatures">
      <PageHeader title={t('pledgesSignatures')} />
      <View className="card">
        <ListItem
          title={t('conventionEditor')}
          icon="compose"
          testId="link-convention-edit"
          onTap={() => void Taro.navigateTo({ url: `${PLEDGES_ROOT}/convention-edit/index` })}
        />
      </View>
      <RemoteView source={data} isEmpty={(d) => d === null} empty={{ title: t('conventionNone') }}>
        {(d) =>
          d && (
            <View data-testid="signature-map">
              {d.versions.length > 1 && (
                <Choice
                  label={t('conventionVersionPick')}
                  options={d.versions.map((v) => ({
                    value: v.id,
                    label: t('pledgesVersion', { version: v.version }),
                  }))}
                  selected={d.shown}
                  onSelect={setPicked}
                />
              )}
              <Text className="hint">
                {t('conventionTotals', { ...d.map.totals, version: d.map.version })}
              </Text>
              <SectionTitle>{t('conventionDoorsTitle', { version: d.map.version })}</SectionTitle>
              <Text className="hint">{t('conventionDoorsLegend')}</Text>
              <View className="card" data-testid="door-grids">
                {d.map.buildings.map((b) => (
                  <View key={b.buildingId} data-testid="building-signatures" data-building={b.name}>
                    <ProgressBar
                      label={b.name}
                      value={b.signed}
                      max={b.households}
                      valueText={t('conventionMapLine', { signed: b.signed, households: b.households })}
                    />
                    {b.doors.length === 0 && <Text className="hint">{t('conventionDoorsNone')}</Text>}
                    <DoorGrid
                      doors={b.doors.map((door) => ({
                        id: door.householdId,
                        unit: door.unit,
                        done: door.signed,
                      }))}
                      labelOf={(door) =>
                        t(door.done ? 'conventionDoorSigned' : 'conventionDoorUnsigned', { unit: door.unit })
                      }
                    />
                  </View>
                ))}
              </View>
              <SectionTitle>{t('conventionWhoSigned')}</SectionTitle>
              {d.who.length === 0 && <Text className="hint">{t('conventionNobodySigned')}</Text>}
              {d.who.length > 0 && (
                <View className="card">
                  {d.who.map((s, i) => (
                    <ListItem
                      key={i}
                      title={s.name}
                      detail={t('conventionSignatureLine', {
                        household: s.household,
                        version: s.version,
                        date: formatDate(s.signedAt),
                      })}
                    />
                  ))}
                </View>
              )}
            </View>
          )
        }
      </RemoteView>
    </Page>
  );
}
