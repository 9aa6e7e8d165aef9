import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { MEMBERSHIP_RELATIONS, type MembershipRelation } from '@linli/shared/identity';
import { Action } from '../../components/action';
import { Card } from '../../components/card';
import { Choice } from '../../components/choice';
import { Field, FormError } from '../../components/field';
import { ListItem } from '../../components/list-item';
import { Page } from '../../components/page';
import { PageHeader } from '../../components/page-header';
import { ErrorState, Skeleton } from '../../components/states';
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
  // Which address field is missing, shown under that field.
  const [missing, setMissing] = useState<{ building: boolean; unit: boolean }>({
    building: false,
    unit: false,
  });
  const [busy, setBusy] = useState(false);

  // One community (the usual case): chosen already.
  useEffect(() => {
    const list = communities.data ?? [];
    if (!communityId && list.length > 0) setCommunityId(list[0].id);
  }, [communities.data, communityId]);

  const find = async () => {
    setFound(null);
    const gaps = { building: !building.trim(), unit: !unit.trim() };
    setMissing(gaps);
    if (gaps.building || gaps.unit) {
      setProblem(null);
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
  const edit = (set: (value: string) => void, field: 'building' | 'unit') => (value: string) => {
    set(value);
    setFound(null);
    if (value.trim()) setMissing((m) => ({ ...m, [field]: false }));
  };

  const list = communities.data ?? [];
  return (
    <Page title="householdTitle">
      <PageHeader title={t('householdTitle')} subtitle={t('householdExplain')} />
      {communities.error && <ErrorState message={communities.error} onRetry={communities.reload} />}
      {!communities.data && !communities.error && <Skeleton cards={1} rows={2} />}
      {list.length > 0 && (
        <Card>
          {list.length > 1 ? (
            <View>
              <Text className="field-label">{t('householdCommunity')}</Text>
              <Choice
                label={t('householdCommunity')}
                options={list.map((c) => ({ value: c.id, label: c.name }))}
                selected={communityId}
                onSelect={(id) => {
                  setCommunityId(id);
                  setFound(null);
                }}
              />
            </View>
          ) : (
            <ListItem icon="household" title={t('householdCommunity')} value={list[0].name} />
          )}
          <Field
            label={t('householdBuilding')}
            placeholder={t('householdBuildingPlaceholder')}
            value={building}
            testId="household-building"
            maxLength={40}
            error={missing.building ? t('householdNeedAddress') : undefined}
            onChange={edit(setBuilding, 'building')}
          />
          <Field
            label={t('householdUnit')}
            placeholder={t('householdUnitPlaceholder')}
            value={unit}
            testId="household-unit"
            maxLength={40}
            error={missing.unit ? t('householdNeedAddress') : undefined}
            onChange={edit(setUnit, 'unit')}
          />
          <FormError message={problem} testId="household-problem" />
          <Action
            kind="secondary"
            label={t('householdFind')}
            testId="household-find"
            busy={busy && !found}
            disabled={!communityId}
            onTap={() => void find()}
          />
        </Card>
      )}
      {found && (
        <Card
          variant="highlight"
          testId="household-found"
          title={t('householdFound', { label: found.label })}
        >
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
            busy={busy}
            onTap={() => void submit()}
          />
        </Card>
      )}
    </Page>
  );
}
