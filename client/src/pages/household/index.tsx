import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { MEMBERSHIP_RELATIONS, type MembershipRelation } from '@linli/shared/identity';
import { Action } from '../../components/action';
import { Choice } from '../../components/choice';
import { Field } from '../../components/field';
import { Page } from '../../components/page';
import { useRemote } from '../../hooks/use-remote';
import { useUser } from '../../hooks/use-user';
import { t } from '../../i18n';
import { messageOf } from '../../services';
import { listCommunities } from '../../services/communities';
import { findHousehold, requestMembership, type FoundHousehold } from '../../services/memberships';
import { relationLabel } from '../../services/membership-format';
import { usePreferences } from '../../hooks/use-preferences';

/**
 * Asking to join a household: choose the community, type the building and unit as on the door
 * (residents cannot browse who lives where), check it was found, say how you belong, send.
 */
export default function HouseholdRequest() {
  // Re-renders in place when the language or care mode changes (nothing typed is lost).
  usePreferences();
  const { user } = useUser();
  const communities = useRemote(listCommunities, user !== null);
  const [communityId, setCommunityId] = useState('');
  const [building, setBuilding] = useState('');
  const [unit, setUnit] = useState('');
  const [found, setFound] = useState<FoundHousehold | null>(null);
  const [relation, setRelation] = useState<MembershipRelation>('owner');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // One community (the usual case): chosen already.
  useEffect(() => {
    const list = communities.data ?? [];
    if (!communityId && list.length > 0) setCommunityId(list[0].id);
  }, [communities.data, communityId]);

  const find = async () => {
    setFound(null);
    if (!building.trim() || !unit.trim()) {
      setProblem(t('householdNeedAddress'));
      return;
    }
    setBusy(true);
    try {
      const household = await findHousehold(communityId, building, unit);
      setFound(household);
      setProblem(household ? null : t('householdNotFound'));
    } catch (e) {
      setProblem(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const submit = async () => {
    if (!found) return;
    setBusy(true);
    try {
      await requestMembership(found.id, relation);
      void Taro.showToast({ title: t('householdSubmitted'), icon: 'none' });
      void Taro.navigateBack();
    } catch (e) {
      setProblem(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  // Changing the address forgets what was found for the old one.
  const edit = (set: (value: string) => void) => (value: string) => {
    set(value);
    setFound(null);
  };

  return (
    <Page title="householdTitle">
      <Text className="title">{t('householdTitle')}</Text>
      <Text className="hint">{t('householdExplain')}</Text>
      {communities.error && <Text className="error">{communities.error}</Text>}
      {(communities.data?.length ?? 0) > 1 && (
        <View>
          <Text className="field-label">{t('householdCommunity')}</Text>
          <Choice
            label={t('householdCommunity')}
            options={(communities.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
            selected={communityId}
            onSelect={(id) => {
              setCommunityId(id);
              setFound(null);
            }}
          />
        </View>
      )}
      {(communities.data?.length ?? 0) === 1 && (
        <Text className="hint">
          {t('householdCommunity')}：{communities.data![0].name}
        </Text>
      )}
      <Field
        label={t('householdBuilding')}
        placeholder={t('householdBuildingPlaceholder')}
        value={building}
        testId="household-building"
        maxLength={40}
        onChange={edit(setBuilding)}
      />
      <Field
        label={t('householdUnit')}
        placeholder={t('householdUnitPlaceholder')}
        value={unit}
        testId="household-unit"
        maxLength={40}
        onChange={edit(setUnit)}
      />
      <Action
        kind="secondary"
        label={t('householdFind')}
        testId="household-find"
        disabled={busy || !communityId}
        onTap={() => void find()}
      />
      {problem && (
        <View role="alert">
          <Text className="error">{problem}</Text>
        </View>
      )}
      {found && (
        <View className="card" data-testid="household-found">
          <Text className="tile-name">{t('householdFound', { label: found.label })}</Text>
          <Text className="field-label">{t('householdRelation')}</Text>
          <Choice<MembershipRelation>
            label={t('householdRelation')}
            testId="household-relation"
            options={MEMBERSHIP_RELATIONS.map((r) => ({ value: r, label: relationLabel(r) }))}
            selected={relation}
            onSelect={setRelation}
          />
          <Action
            kind="primary"
            label={t('householdSubmit')}
            testId="household-submit"
            disabled={busy}
            onTap={() => void submit()}
          />
        </View>
      )}
    </Page>
  );
}
