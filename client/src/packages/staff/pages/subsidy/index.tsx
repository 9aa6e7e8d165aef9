import { useCallback, useEffect, useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { RESIDENT_TAGS, type ResidentTag } from '@linli/shared/identity';
import type { SubsidyPolicyView } from '@linli/shared/meals';
import { useUser } from '../../../../hooks/use-user';
import { t } from '../../../../i18n';
import { messageOf } from '../../../../services';
import { saveSubsidyPolicy, subsidyPolicy } from '../../../../services/meals';
import { fenToYuanText, formatFen, parseYuan } from '../../../../services/meals-format';
import { residentTagName } from '../../../../services/meals-labels';
import { formatDate } from '../../../../services/notice-format';
import { Page } from '../../../../components/page';
import { usePreferences } from '../../../../hooks/use-preferences';
import { Action } from '../../../../components/action';

interface TierDraft {
  minAge: string;
  maxAge: string;
  amount: string;
}

interface Draft {
  eligibilityAge: string;
  tiers: TierDraft[];
  extras: Record<ResidentTag, string>;
  cap: string;
}

function draftOf(policy: SubsidyPolicyView): Draft {
  return {
    eligibilityAge: String(policy.eligibilityAge),
    tiers: policy.ageTiers.map((tier) => ({
      minAge: String(tier.minAge),
      maxAge: tier.maxAge === undefined ? '' : String(tier.maxAge),
      amount: fenToYuanText(tier.subsidyFen),
    })),
    extras: Object.fromEntries(
      RESIDENT_TAGS.map((tag) => [tag, fenToYuanText(policy.tagExtras[tag] ?? 0)]),
    ) as Record<ResidentTag, string>,
    cap: fenToYuanText(policy.monthlyCapFen),
  };
}

const parseAge = (text: string) =>
  /^\d{1,3}$/.test(text.trim()) && Number(text) <= 150 ? Number(text) : null;

/**
 * The community's meal subsidy policy: everyone who may read it sees it; the committee edits it
 * (ages as whole years, amounts in yuan converted to fen exactly). The server checks the rest
 * (overlapping age bands) and says what is wrong.
 */
export default function SubsidyPage() {
  // Re-renders in place when the language or care mode changes (nothing typed is lost).
  usePreferences();
  const { user } = useUser();
  const { communityId = '' } = useRouter().params;
  const [policy, setPolicy] = useState<SubsidyPolicyView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const canEdit = Boolean(user?.grants.some((g) => g.role === 'committee' && g.communityId === communityId));

  const load = useCallback(async () => {
    try {
      setPolicy(await subsidyPolicy(communityId));
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    }
  }, [communityId]);

  useEffect(() => {
    if (user) void load();
  }, [user, load]);

  const setTier = (index: number, change: Partial<TierDraft>) =>
    setDraft(
      (d) => d && { ...d, tiers: d.tiers.map((tier, i) => (i === index ? { ...tier, ...change } : tier)) },
    );

  const save = async () => {
    if (!draft) return;
    const eligibilityAge = parseAge(draft.eligibilityAge);
    const tiers = draft.tiers.map((tier) => ({
      minAge: parseAge(tier.minAge),
      maxAge: tier.maxAge.trim() === '' ? undefined : parseAge(tier.maxAge),
      subsidyFen: parseYuan(tier.amount),
    }));
    const extras = RESIDENT_TAGS.map((tag) => [tag, parseYuan(draft.extras[tag] || '0')] as const);
    const cap = parseYuan(draft.cap);
    if (eligibilityAge === null || tiers.some((tier) => tier.minAge === null || tier.maxAge === null))
      return setFormError(t('policyBadAge'));
    if (
      cap === null ||
      tiers.some((tier) => tier.subsidyFen === null) ||
      extras.some(([, fen]) => fen === null)
    )
      return setFormError(t('plannerBadPrice'));
    setFormError(null);
    setBusy(true);
    try {
      const saved = await saveSubsidyPolicy(communityId, {
        eligibilityAge,
        ageTiers: tiers.map((tier) => ({
          minAge: tier.minAge!,
          ...(tier.maxAge === undefined ? {} : { maxAge: tier.maxAge! }),
          subsidyFen: tier.subsidyFen!,
        })),
        tagExtras: Object.fromEntries(extras.filter(([, fen]) => fen! > 0)),
        monthlyCapFen: cap,
      });
      setPolicy(saved);
      setDraft(null);
      void Taro.showToast({ title: t('policySaved'), icon: 'none' });
    } catch (e) {
      setFormError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const empty = policy && policy.ageTiers.length === 0 && Object.keys(policy.tagExtras).length === 0;

  return (
    <Page className="meals">
      <Text className="title">{t('canteenPolicyEntry')}</Text>
      {error && <Text className="error">{error}</Text>}
      {policy && !draft && (
        <View className="card" data-testid="subsidy-policy">
          {empty && <Text className="hint">{t('policyNone')}</Text>}
          <Text className="field-label">{t('policyEligibility', { age: policy.eligibilityAge })}</Text>
          <Text className="field-label">{t('policyTiers')}</Text>
          {policy.ageTiers.map((tier, i) => (
            <View className="row" key={i}>
              <Text className="label">
                {tier.maxAge === undefined
                  ? t('policyTierOpen', { min: tier.minAge })
                  : t('policyTierRange', { min: tier.minAge, max: tier.maxAge })}
              </Text>
              <Text>{formatFen(tier.subsidyFen)}</Text>
            </View>
          ))}
          <Text className="field-label">{t('policyTagExtras')}</Text>
          {RESIDENT_TAGS.map((tag) => (
            <View className="row" key={tag}>
              <Text className="label">{residentTagName(tag)}</Text>
              <Text>{formatFen(policy.tagExtras[tag] ?? 0)}</Text>
            </View>
          ))}
          <Text className="field-label">
            {t('policyMonthlyCap', { amount: formatFen(policy.monthlyCapFen) })}
          </Text>
          {policy.updatedAt && (
            <Text className="hint">{t('policyUpdated', { date: formatDate(policy.updatedAt) })}</Text>
          )}
          {canEdit ? (
            <Action
              kind="primary"
              label={t('policyEdit')}
              testId="policy-edit"
              onTap={() => setDraft(draftOf(policy))}
            />
          ) : (
            <Text className="hint">{t('policyReadOnly')}</Text>
          )}
        </View>
      )}
      {draft && (
        <View className="card" data-testid="subsidy-form">
          <Text className="field-label">{t('policyEligibilityAge')}</Text>
          <Input
            ariaLabel={t('policyEligibilityAge')}
            nativeProps={{ 'aria-label': t('policyEligibilityAge') }}
            className="input input-bordered"
            type="number"
            value={draft.eligibilityAge}
            onInput={(e) => setDraft({ ...draft, eligibilityAge: e.detail.value })}
          />
          <Text className="field-label">{t('policyTiers')}</Text>
          {draft.tiers.map((tier, i) => (
            <View className="tier-editor" key={i}>
              <Input
                ariaLabel={t('policyMinAge')}
                nativeProps={{ 'aria-label': t('policyMinAge') }}
                className="input input-bordered"
                type="number"
                value={tier.minAge}
                placeholder={t('policyMinAge')}
                onInput={(e) => setTier(i, { minAge: e.detail.value })}
              />
              <Input
                ariaLabel={t('policyMaxAge')}
                nativeProps={{ 'aria-label': t('policyMaxAge') }}
                className="input input-bordered"
                type="number"
                value={tier.maxAge}
                placeholder={t('policyMaxAge')}
                onInput={(e) => setTier(i, { maxAge: e.detail.value })}
              />
              <Input
                ariaLabel={t('policyAmount')}
                nativeProps={{ 'aria-label': t('policyAmount') }}
                className="input input-bordered"
                type="digit"
                value={tier.amount}
                placeholder={t('policyAmount')}
                onInput={(e) => setTier(i, { amount: e.detail.value })}
              />
              <View
                className="link-inline"
                role="button"
                ariaLabel={t('policyRemoveTier')}
                onClick={() => setDraft({ ...draft, tiers: draft.tiers.filter((_, j) => j !== i) })}
              >
                <Text>{t('policyRemoveTier')}</Text>
              </View>
            </View>
          ))}
          {draft.tiers.length < 10 && (
            <View
              className="link-inline"
              role="button"
              ariaLabel={t('policyAddTier')}
              onClick={() =>
                setDraft({ ...draft, tiers: [...draft.tiers, { minAge: '', maxAge: '', amount: '' }] })
              }
            >
              <Text>{t('policyAddTier')}</Text>
            </View>
          )}
          <Text className="field-label">{t('policyTagExtras')}</Text>
          {RESIDENT_TAGS.map((tag) => (
            <View className="row" key={tag}>
              <Text className="label">{residentTagName(tag)}</Text>
              <Input
                ariaLabel={t('policyTagExtras')}
                nativeProps={{ 'aria-label': t('policyTagExtras') }}
                className="input input-bordered input-inline"
                type="digit"
                value={draft.extras[tag]}
                onInput={(e) => setDraft({ ...draft, extras: { ...draft.extras, [tag]: e.detail.value } })}
              />
            </View>
          ))}
          <Text className="field-label">{t('policyCap')}</Text>
          <Input
            ariaLabel={t('policyCap')}
            nativeProps={{ 'aria-label': t('policyCap') }}
            className="input input-bordered"
            type="digit"
            value={draft.cap}
            onInput={(e) => setDraft({ ...draft, cap: e.detail.value })}
          />
          {formError && (
            <View className="error" role="alert">
              <Text>{formError}</Text>
            </View>
          )}
          <View className="btn-row">
            <Action label={t('mealsClose')} onTap={() => setDraft(null)} />
            <Action kind="primary" label={t('policySave')} disabled={busy} onTap={() => void save()} />
          </View>
        </View>
      )}
    </Page>
  );
}
