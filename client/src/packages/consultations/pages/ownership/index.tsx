import { useState } from 'react';
import { View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useUser } from '../../../../hooks/use-user';
import { useRemote } from '../../../../hooks/use-remote';
import { usePreferences } from '../../../../hooks/use-preferences';
import { t } from '../../../../i18n';
import { committeeCommunityIds } from '../../../../services/roles';
import {
  consultationsChanged,
  ownershipRoll,
  type OwnershipRoll,
  type OwnershipUnit,
} from '../../../../services/consultations';
import { formatArea } from '../../../../services/consultations-format';
import { Card } from '../../../../components/card';
import { ListItem } from '../../../../components/list-item';
import { Page } from '../../../../components/page';
import { PageHeader, SectionTitle } from '../../../../components/page-header';
import { RemoteView } from '../../../../components/remote-view';
import { OwnershipSheet } from '../../components/ownership-sheet';

export const OWNERSHIP_PAGE = '/packages/consultations/pages/ownership/index';

/** What one unit's row says under its door: its owners, who votes, and how art. 278 counts it. */
function unitLine(u: OwnershipUnit): string {
  if (u.developerHeld) return t('consOwnershipDeveloperUnit');
  if (u.owners.length === 0) return t('consOwnershipNoOwner');
  const names = u.owners.map((o) => o.displayName).join('、');
  const parts = [names];
  if (u.owners.length > 1) {
    const nominee = u.owners.find((o) => o.id === u.nominatedVoterId);
    parts.push(
      nominee ? t('consOwnershipVoter', { name: nominee.displayName }) : t('consOwnershipNeedsNominee'),
    );
  }
  if (u.unitsOfSamePerson > 1) parts.push(t('consOwnershipOnePerson', { n: u.unitsOfSamePerson }));
  return parts.join(' · ');
}

function byBuilding(units: OwnershipUnit[]): { name: string; units: OwnershipUnit[] }[] {
  const groups: { id: string; name: string; units: OwnershipUnit[] }[] = [];
  for (const u of units) {
    const last = groups[groups.length - 1];
    if (last?.id === u.buildingId) last.units.push(u);
    else groups.push({ id: u.buildingId, name: u.buildingName, units: [u] });
  }
  return groups;
}

/**
 * The committee's unit ownership roll (业主名册), per building and door: each unit's registered
 * exclusive area, its owner or co-owners and their nominated voter, multi-unit owners counted as
 * one person and the developer's unsold units; the totals an owners' decision opened now would
 * count. A tap corrects a unit; while an owners' vote is open its units are read-only (its roll was
 * fixed at opening): the page says which vote and why, and a tap on a unit says it again.
 */
export default function OwnershipPage() {
  usePreferences();
  const { user } = useUser();
  const params = useRouter().params;
  const communityId = params.communityId ?? (user ? (committeeCommunityIds(user)[0] ?? '') : '');
  const roll = useRemote(
    () => ownershipRoll(communityId),
    user !== null && communityId !== '',
    [consultationsChanged],
    communityId,
  );
  const [editing, setEditing] = useState<OwnershipUnit | null>(null);

  return (
    <Page title="consOwnershipTitle">
      <PageHeader title={t('consOwnershipTitle')} subtitle={t('consOwnershipSubtitle')} />
      <RemoteView<OwnershipRoll>
        source={roll}
        isEmpty={(r) => r.units.length === 0}
        empty={{ title: t('consOwnershipEmpty') }}
      >
        {(r) => (
          <>
            <Card title={t('consOwnershipTotals')} testId="ownership-totals">
              <View data-testid="ownership-total-area" data-centi={r.totals.areaCenti}>
                <ListItem
                  title={t('consOwnershipTotalArea')}
                  value={`${formatArea(r.totals.areaCenti)} m²`}
                />
              </View>
              <ListItem title={t('consOwnershipTotalUnits')} value={String(r.totals.units)} />
              <ListItem
                title={t('consOwnershipTotalPersons')}
                detail={t('consOwnershipTotalPersonsHint')}
                value={String(r.totals.persons)}
              />
              <ListItem title={t('consOwnershipDeveloperUnits')} value={String(r.totals.developerUnits)} />
            </Card>
            {r.openOwnersVotes.length > 0 && (
              <Card variant="flagged" testId="ownership-locked" role="status">
                {r.openOwnersVotes.map((v) => (
                  <ListItem
                    key={v.id}
                    title={t('consOwnershipLocked', { title: v.title })}
                    detail={t('consOwnershipLockedHint')}
                  />
                ))}
              </Card>
            )}
            {byBuilding(r.units).map((b) => (
              <View key={b.name}>
                <SectionTitle>{b.name}</SectionTitle>
                <Card>
                  {b.units.map((u) => {
                    const line = unitLine(u);
                    const area = `${formatArea(u.areaCenti)} m²`;
                    const editable = u.actions.includes('setOwnership');
                    return (
                      <View
                        key={u.householdId}
                        data-testid="ownership-unit"
                        data-unit={`${u.buildingName} ${u.unit}`}
                        data-centi={u.areaCenti}
                      >
                        <ListItem
                          title={u.unit}
                          // Named by all it shows, in the order shown, so what is read out matches what is seen.
                          label={`${u.buildingName} ${u.unit} ${line} ${area}`}
                          detail={line}
                          value={area}
                          // A locked row still answers a tap, with why it cannot change now.
                          onTap={() =>
                            editable
                              ? setEditing(u)
                              : void Taro.showToast({
                                  title: t('consOwnershipLocked', { title: u.lockedBy?.title ?? '' }),
                                  icon: 'none',
                                  duration: 3000,
                                })
                          }
                        />
                      </View>
                    );
                  })}
                </Card>
              </View>
            ))}
          </>
        )}
      </RemoteView>
      {editing && (
        <OwnershipSheet
          communityId={communityId}
          unit={editing}
          onClose={() => setEditing(null)}
          onSaved={() => roll.reload()}
        />
      )}
    </Page>
  );
}
