import { useCallback, useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
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
import { Action, ButtonRow } from '../../../../components/action';
import { Card } from '../../../../components/card';
import { Field, FormError } from '../../../../components/field';
import { formErrorsOf, NO_ERRORS, type FormErrors } from '../../../../components/field-errors';
import { ListItem } from '../../../../components/list-item';
import { PageHeader, SectionTitle } from '../../../../components/page-header';
import { EmptyState, ErrorState, Skeleton } from '../../../../components/states';

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
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
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
    // Each unreadable entry is marked under its own field, by the body path the server would name.
    const local: Record<string, string> = {};
    if (eligibilityAge === null) local.eligibilityAge = t('policyBadAge');
    tiers.forEach((tier, i) => {
      if (tier.minAge === null) local[`ageTiers.${i}.minAge`] = t('policyBadAge');
      if (tier.maxAge === null) local[`ageTiers.${i}.maxAge`] = t('policyBadAge');
      if (tier.subsidyFen === null) local[`ageTiers.${i}.subsidyFen`] = t('plannerBadPrice');
    });
    extras.forEach(([tag, fen]) => {
      if (fen === null) local[`tagExtras.${tag}`] = t('plannerBadPrice');
    });
    if (cap === null) local.monthlyCapFen = t('plannerBadPrice');
    if (Object.keys(local).length > 0) return setErrors({ fields: local, form: null });
    setErrors(NO_ERRORS);
    setBusy(true);
    try {
      const saved = await saveSubsidyPolicy(communityId, {
        eligibilityAge: eligibilityAge!,
        ageTiers: tiers.map((tier) => ({
          minAge: tier.minAge!,
          ...(tier.maxAge === undefined ? {} : { maxAge: tier.maxAge! }),
          subsidyFen: tier.subsidyFen!,
        })),
        tagExtras: Object.fromEntries(extras.filter(([, fen]) => fen! > 0)),
        monthlyCapFen: cap!,
      });
      setPolicy(saved);
      setDraft(null);
      void Taro.showToast({ title: t('policySaved'), icon: 'none' });
    } catch (e) {
      setErrors(formErrorsOf(e, messageOf(e), shownPaths(draft)));
    } finally {
      setBusy(false);
    }
  };

  const empty = policy && policy.ageTiers.length === 0 && Object.keys(policy.tagExtras).length === 0;
  const fieldError = (path: string) => errors.fields[path];

  return (
    <Page className="meals">
      <PageHeader title={t('canteenPolicyEntry')} />
      {error && <ErrorState message={error} onRetry={() => void load()} />}
      {!policy && !error && <Skeleton cards={1} rows={4} />}
      {policy && !draft && (
        <Card testId="subsidy-policy">
          {empty && (
            <EmptyState
              icon="subsidy"
              title={t('policyNone')}
              action={
                canEdit ? { label: t('policyEdit'), onTap: () => setDraft(draftOf(policy)) } : undefined
              }
            />
          )}
          <ListItem icon="subsidy" title={t('policyEligibility', { age: policy.eligibilityAge })} />
          <SectionTitle>{t('policyTiers')}</SectionTitle>
          {policy.ageTiers.map((tier, i) => (
            <ListItem
              key={i}
              title={
                tier.maxAge === undefined
                  ? t('policyTierOpen', { min: tier.minAge })
                  : t('policyTierRange', { min: tier.minAge, max: tier.maxAge })
              }
              value={formatFen(tier.subsidyFen)}
            />
          ))}
          <SectionTitle>{t('policyTagExtras')}</SectionTitle>
          {RESIDENT_TAGS.map((tag) => (
            <ListItem key={tag} title={residentTagName(tag)} value={formatFen(policy.tagExtras[tag] ?? 0)} />
          ))}
          <ListItem title={t('policyMonthlyCap', { amount: formatFen(policy.monthlyCapFen) })} />
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
        </Card>
      )}
      {draft && (
        <Card testId="subsidy-form">
          <Field
            label={t('policyEligibilityAge')}
            type="number"
            value={draft.eligibilityAge}
            error={fieldError('eligibilityAge')}
            onChange={(eligibilityAge) => setDraft({ ...draft, eligibilityAge })}
          />
          <SectionTitle>{t('policyTiers')}</SectionTitle>
          {draft.tiers.map((tier, i) => (
            <View className="tier-editor" key={i}>
              <Field
                label={t('policyMinAge')}
                type="number"
                value={tier.minAge}
                error={fieldError(`ageTiers.${i}.minAge`)}
                onChange={(minAge) => setTier(i, { minAge })}
              />
              <Field
                label={t('policyMaxAge')}
                type="number"
                value={tier.maxAge}
                error={fieldError(`ageTiers.${i}.maxAge`)}
                onChange={(maxAge) => setTier(i, { maxAge })}
              />
              <Field
                label={t('policyAmount')}
                type="digit"
                value={tier.amount}
                error={fieldError(`ageTiers.${i}.subsidyFen`) ?? fieldError(`ageTiers.${i}`)}
                onChange={(amount) => setTier(i, { amount })}
              />
              <Action
                inline
                kind="danger"
                label={t('policyRemoveTier')}
                onTap={() => setDraft({ ...draft, tiers: draft.tiers.filter((_, j) => j !== i) })}
              />
            </View>
          ))}
          {draft.tiers.length < 10 && (
            <Action
              kind="secondary"
              label={t('policyAddTier')}
              onTap={() =>
                setDraft({ ...draft, tiers: [...draft.tiers, { minAge: '', maxAge: '', amount: '' }] })
              }
            />
          )}
          <SectionTitle>{t('policyTagExtras')}</SectionTitle>
          {RESIDENT_TAGS.map((tag) => (
            <Field
              key={tag}
              label={`${residentTagName(tag)} · ${t('policyAmount')}`}
              type="digit"
              value={draft.extras[tag]}
              error={fieldError(`tagExtras.${tag}`)}
              onChange={(value) => setDraft({ ...draft, extras: { ...draft.extras, [tag]: value } })}
            />
          ))}
          <Field
            label={t('policyCap')}
            type="digit"
            value={draft.cap}
            error={fieldError('monthlyCapFen')}
            onChange={(cap) => setDraft({ ...draft, cap })}
          />
          <FormError message={errors.form ?? fieldError('ageTiers')} />
          <ButtonRow>
            <Action
              label={t('mealsClose')}
              onTap={() => {
                setDraft(null);
                setErrors(NO_ERRORS);
              }}
            />
            <Action kind="primary" label={t('policySave')} busy={busy} onTap={() => void save()} />
          </ButtonRow>
        </Card>
      )}
    </Page>
  );
}

/** The body paths the form shows a message under (formErrorsOf keeps the others as a sentence). */
function shownPaths(draft: Draft): string[] {
  return [
    'eligibilityAge',
    'monthlyCapFen',
    'ageTiers',
    ...draft.tiers.flatMap((_, i) => [
      `ageTiers.${i}`,
      `ageTiers.${i}.minAge`,
      `ageTiers.${i}.maxAge`,
      `ageTiers.${i}.subsidyFen`,
    ]),
    ...RESIDENT_TAGS.map((tag) => `tagExtras.${tag}`),
  ];
}
