import { useState } from 'react';
import { Text } from '@tarojs/components';
import Taro from '@tarojs/taro';
import {
  OWNER_MATTERS,
  OWNER_MATTER_NAMES,
  type Eligibility,
  type OwnerMatter,
} from '@linli/shared/consultations';
import { useUser } from '../../../../hooks/use-user';
import { usePreferences } from '../../../../hooks/use-preferences';
import { getLocale, t } from '../../../../i18n';
import { messageOf } from '../../../../services';
import { committeeCommunityIds } from '../../../../services/roles';
import { consultationsChanged, createConsultation } from '../../../../services/consultations';
import { Action } from '../../../../components/action';
import { Card } from '../../../../components/card';
import { Choice } from '../../../../components/choice';
import { Field } from '../../../../components/field';
import { formErrorsOf, NO_ERRORS, type FormErrors } from '../../../../components/field-errors';
import { Page } from '../../../../components/page';
import { PageHeader } from '../../../../components/page-header';
import { Toggle } from '../../../../components/toggle';

const SHOWN = ['title', 'body', 'ballot.options', 'matter', 'votingClosesAt'];

/**
 * The committee drafts a consultation: what it is about, who votes (each resident, each household,
 * or the owners under art. 278 with the statutory matter), the choices, how long voting runs, and
 * whether counts stay hidden until close. A draft is only the committee's until it is opened.
 */
export default function ConsultationComposePage() {
  usePreferences();
  const { user } = useUser();
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [eligibility, setEligibility] = useState<Eligibility>('household');
  const [matter, setMatter] = useState<OwnerMatter>('useMaintenanceFund');
  const [options, setOptions] = useState('');
  const [days, setDays] = useState('14');
  const [hidden, setHidden] = useState(true);
  const [allowChange, setAllowChange] = useState(false);
  const [secret, setSecret] = useState(true);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const communityId = user ? committeeCommunityIds(user)[0] : undefined;
  const owners = eligibility === 'owner';

  const save = async () => {
    if (!communityId) return;
    setBusy(true);
    setErrors(NO_ERRORS);
    const closes = new Date(Date.now() + Math.max(1, Number(days) || 1) * 86_400_000).toISOString();
    try {
      const created = await createConsultation({
        communityId,
        title,
        body,
        eligibility,
        ...(owners ? { matter } : {}),
        ballot: owners
          ? { kind: 'approval' }
          : {
              kind: 'single',
              options: options
                .split('\n')
                .map((o) => o.trim())
                .filter(Boolean),
            },
        resultsHidden: hidden,
        secretBallot: secret,
        allowChange,
        votingClosesAt: closes,
        attachmentIds: [],
      });
      consultationsChanged.emit();
      void Taro.showToast({ title: t('consSaved'), icon: 'none', duration: 2000 });
      void Taro.redirectTo({ url: `/packages/consultations/pages/detail/index?id=${created.id}` });
    } catch (e) {
      setErrors(formErrorsOf(e, messageOf(e), SHOWN));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title="consComposeTitle">
      <PageHeader title={t('consComposeTitle')} subtitle={t('consDraftNote')} />
      <Card>
        <Field
          label={t('consFieldTitle')}
          value={title}
          onChange={setTitle}
          maxLength={100}
          error={errors.fields.title}
          testId="compose-title"
        />
        <Field
          label={t('consFieldBody')}
          value={body}
          onChange={setBody}
          multiline
          maxLength={5000}
          error={errors.fields.body}
          testId="compose-body"
        />
        <Text className="field-label">{t('consFieldEligibility')}</Text>
        <Choice<Eligibility>
          label={t('consFieldEligibility')}
          options={[
            { value: 'household', label: t('consEligibilityHousehold') },
            { value: 'resident', label: t('consEligibilityResident') },
            { value: 'owner', label: t('consEligibilityOwner') },
          ]}
          selected={eligibility}
          onSelect={setEligibility}
        />
        {owners ? (
          <Choice<OwnerMatter>
            label={t('consMatter', { matter: '' })}
            options={OWNER_MATTERS.map((m) => ({ value: m, label: OWNER_MATTER_NAMES[m][getLocale()] }))}
            selected={matter}
            onSelect={setMatter}
          />
        ) : (
          <Field
            label={t('consFieldOptions')}
            value={options}
            onChange={setOptions}
            multiline
            maxLength={1600}
            error={errors.fields['ballot.options']}
            testId="compose-options"
          />
        )}
        <Field
          label={t('consFieldDays')}
          value={days}
          onChange={setDays}
          type="number"
          maxLength={3}
          error={errors.fields.votingClosesAt}
        />
        <Toggle label={t('consFieldHidden')} on={hidden} onChange={setHidden} />
        <Toggle label={t('consFieldChange')} on={allowChange} onChange={setAllowChange} />
        <Toggle
          label={t('consFieldSecret')}
          description={t('consFieldSecretHint')}
          on={secret}
          onChange={setSecret}
        />
        {errors.form && (
          <Text className="error" {...{ role: 'alert' }}>
            {errors.form}
          </Text>
        )}
        <Action
          kind="primary"
          label={t('consSaveDraft')}
          busy={busy}
          testId="compose-save"
          onTap={() => void save()}
        />
      </Card>
    </Page>
  );
}
