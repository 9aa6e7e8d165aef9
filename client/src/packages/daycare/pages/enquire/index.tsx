import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { DAYCARE_CONSENT, SCHEDULES, type Schedule } from '@linli/shared/daycare';
import { Action, ButtonRow } from '../../../../components/action';
import { Card } from '../../../../components/card';
import { Choice } from '../../../../components/choice';
import { Field } from '../../../../components/field';
import { Page } from '../../../../components/page';
import { PageHeader, SectionTitle } from '../../../../components/page-header';
import { StatusBadge } from '../../../../components/status-badge';
import { Toggle } from '../../../../components/toggle';
import { useRemote } from '../../../../hooks/use-remote';
import { useUser } from '../../../../hooks/use-user';
import { usePreferences } from '../../../../hooks/use-preferences';
import { t } from '../../../../i18n';
import { fieldMessagesOf, messageOf } from '../../../../services/api-error';
import { listMyCarerLinks } from '../../../../services/carer-links';
import { daycareChanged, enquire, listCentres, preview, type Preview } from '../../../../services/daycare';
import { addDays, shanghaiDate } from '../../../../services/meals-format';
import { feeLine, scheduleName } from '../../components';
import { DAYCARE_PAGES } from '../centres/index';

type Step = 1 | 2 | 3;
const STEP_OF_FIELD: Record<string, Step> = {
  'child.nickname': 1,
  'child.birthMonth': 1,
  desiredStart: 1,
  schedule: 1,
  centreIds: 2,
  questions: 3,
  forGuardianId: 1,
};

/** The 1st of the first month that starts at least 14 days from today: the usual intake date. */
function firstIntake(today: string): string {
  const earliest = addDays(today, 14);
  if (earliest.endsWith('-01')) return earliest;
  const [y, m] = earliest.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

/**
 * An enquiry in three steps: the child (nickname and birth month only), start and schedule; up to
 * three centres in order, with the derived class and its places shown for each before anything is
 * sent; then questions and the PIPL consent, in its words, which the server records with the time.
 * A confirmed carer (a grandparent) may prepare it for the parent, who then confirms it.
 */
export default function DaycareEnquirePage() {
  const { locale } = usePreferences();
  const { user } = useUser();
  const { centre: firstCentre } = useRouter().params;
  const today = shanghaiDate(new Date());
  const [step, setStep] = useState<Step>(1);
  const [nickname, setNickname] = useState('');
  const [birthMonth, setBirthMonth] = useState('');
  const [desiredStart, setDesiredStart] = useState(firstIntake(today));
  const [schedule, setSchedule] = useState<Schedule>('fullDay');
  const [centreIds, setCentreIds] = useState<string[]>(firstCentre ? [firstCentre] : []);
  const [questions, setQuestions] = useState('');
  const [agreed, setAgreed] = useState(false);
  const [forGuardian, setForGuardian] = useState('self');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [availability, setAvailability] = useState<Preview | null>(null);
  const [sending, setSending] = useState(false);

  const signedIn = user !== null;
  const centres = useRemote(listCentres, signedIn);
  const parents = useRemote(
    async () => (await listMyCarerLinks()).filter((l) => l.carerId === user?.id && l.status === 'confirmed'),
    signedIn,
  );

  // Availability for the class the child would join, per centre chosen, before anything is sent.
  useEffect(() => {
    if (step < 2 || centreIds.length === 0) {
      setAvailability(null);
      return;
    }
    let current = true;
    preview({ birthMonth, desiredStart, schedule, centreIds }).then(
      (found) => {
        if (!current) return;
        setAvailability(found);
        setFailure(null);
      },
      (e: unknown) => {
        if (!current) return;
        setAvailability(null);
        setFailure(messageOf(e));
        const fields = fieldMessagesOf(e);
        if (Object.keys(fields).length > 0) {
          setErrors({ 'child.birthMonth': fields.birthMonth ?? '', desiredStart: fields.desiredStart ?? '' });
          setStep(1);
        }
      },
    );
    return () => {
      current = false;
    };
  }, [step, birthMonth, desiredStart, schedule, centreIds.join(',')]);

  const toggleCentre = (id: string) =>
    setCentreIds((ids) =>
      ids.includes(id) ? ids.filter((i) => i !== id) : ids.length < 3 ? [...ids, id] : ids,
    );

  const next = () => {
    setFailure(null);
    const problems: Record<string, string> = {};
    if (step === 1) {
      if (nickname.trim() === '') problems['child.nickname'] = t('daycareRequired');
      if (!/^\d{4}-\d{2}$/.test(birthMonth)) problems['child.birthMonth'] = t('daycareMonthFormat');
      if (!/^\d{4}-\d{2}-\d{2}$/.test(desiredStart)) problems.desiredStart = t('daycareDateFormat');
    }
    if (step === 2 && centreIds.length === 0) problems.centreIds = t('daycareChooseCentre');
    setErrors(problems);
    if (Object.keys(problems).length === 0) setStep((s) => (s + 1) as Step);
  };

  const send = async () => {
    setSending(true);
    setFailure(null);
    try {
      const made = await enquire({
        child: { nickname: nickname.trim(), birthMonth },
        desiredStart,
        schedule,
        questions: questions.trim(),
        centreIds,
        consent: { version: DAYCARE_CONSENT.version, agreed: true },
        ...(forGuardian === 'self' ? {} : { forGuardianId: forGuardian }),
      });
      daycareChanged.emit();
      void Taro.showToast({ title: t('daycareSent'), icon: 'none' });
      void Taro.redirectTo({
        url: `${DAYCARE_PAGES}/enquiry/index?id=${made[0]!.id}`,
      });
    } catch (e) {
      const fields = fieldMessagesOf(e);
      setErrors(fields);
      setFailure(messageOf(e));
      const back = Object.keys(fields)
        .map((f) => STEP_OF_FIELD[f])
        .filter(Boolean)
        .sort()[0];
      if (back) setStep(back);
    } finally {
      setSending(false);
    }
  };

  const centreName = (id: string) => centres.data?.find((c) => c.id === id)?.name ?? '';
  const cannotTake = availability?.items.some((a) => a.classId === null) ?? false;

  return (
    <Page title="daycareEnquireTitle">
      <PageHeader title={t('daycareEnquireTitle')} subtitle={t('daycareStepOf', { step, steps: 3 })} />
      {failure && (
        <Text className="error" {...{ role: 'alert' }} data-testid="daycare-enquire-error">
          {failure}
        </Text>
      )}
      {step === 1 && (
        <Card>
          {(parents.data?.length ?? 0) > 0 && (
            <Choice
              label={t('daycareForWhom')}
              options={[
                { value: 'self', label: t('daycareForMe') },
                ...(parents.data ?? []).map((l) => ({
                  value: l.elderId,
                  label: t('daycareForParent', { name: l.elderName ?? '' }),
                })),
              ]}
              selected={forGuardian}
              onSelect={setForGuardian}
              testId="daycare-for"
            />
          )}
          <Field
            label={t('daycareNickname')}
            placeholder={t('daycareNicknameHint')}
            value={nickname}
            onChange={setNickname}
            maxLength={12}
            error={errors['child.nickname']}
            testId="daycare-nickname"
          />
          <Field
            label={t('daycareBirthMonth')}
            placeholder="2030-09"
            value={birthMonth}
            onChange={setBirthMonth}
            maxLength={7}
            error={errors['child.birthMonth']}
            testId="daycare-birth-month"
          />
          <Text className="hint">{t('daycareMinimalData')}</Text>
          <Field
            label={t('daycareDesiredStart')}
            value={desiredStart}
            onChange={setDesiredStart}
            maxLength={10}
            error={errors.desiredStart}
            testId="daycare-start"
          />
          <Choice
            label={t('daycareSchedule')}
            options={SCHEDULES.map((s) => ({ value: s, label: scheduleName(s) }))}
            selected={schedule}
            onSelect={setSchedule}
            testId="daycare-schedule"
          />
        </Card>
      )}
      {step === 2 && (
        <View>
          <SectionTitle>{t('daycareChooseCentres')}</SectionTitle>
          <Choice
            label={t('daycareChooseCentres')}
            options={(centres.data ?? [])
              .filter((c) => c.actions.includes('enquire'))
              .map((c) => {
                const order = centreIds.indexOf(c.id);
                return {
                  value: c.id,
                  label: order >= 0 ? t('daycarePreference', { n: order + 1, name: c.name }) : c.name,
                  disabled: order < 0 && centreIds.length >= 3,
                };
              })}
            selected={centreIds}
            onSelect={toggleCentre}
            testId="daycare-centres"
          />
          {errors.centreIds && <Text className="field-error">{errors.centreIds}</Text>}
          {availability?.items.map((a, i) => (
            <Card
              key={a.providerId}
              title={t('daycarePreference', { n: i + 1, name: a.centreName })}
              testId="daycare-availability"
              variant={a.classId ? 'outlined' : 'flagged'}
            >
              <Text className="hint">{t('daycareAgeAtStart', { months: a.ageMonthsAtStart })}</Text>
              {a.className ? (
                <View>
                  <Text className="strong" data-testid="daycare-derived-class">
                    {a.className}
                  </Text>
                  <StatusBadge
                    tone={a.free > 0 ? 'success' : 'warning'}
                    label={
                      a.free > 0
                        ? t('daycareFreeNow', { free: a.free })
                        : t('daycareWaitingNow', { waiting: a.waitlisted })
                    }
                    testId="daycare-availability-places"
                  />
                </View>
              ) : (
                <Text className="error">{a.problem}</Text>
              )}
              {a.fee && <Text className="hint">{feeLine(a.fee)}</Text>}
            </Card>
          ))}
        </View>
      )}
      {step === 3 && (
        <View>
          <Card title={t('daycareSummary')}>
            <Text className="hint">
              {t('daycareSummaryLine', {
                nickname,
                birthMonth,
                start: desiredStart,
                schedule: scheduleName(schedule),
              })}
            </Text>
            <Text className="hint">{centreIds.map((id, i) => `${i + 1}. ${centreName(id)}`).join('  ')}</Text>
          </Card>
          <Field
            label={t('daycareQuestions')}
            value={questions}
            onChange={setQuestions}
            multiline
            maxLength={500}
            error={errors.questions}
            testId="daycare-questions"
          />
          <Card title={t('daycareConsentTitle')} variant="outlined" testId="daycare-consent">
            <Text className="hint" data-testid="daycare-consent-text">
              {DAYCARE_CONSENT.text[locale]}
            </Text>
            <Toggle
              label={t('daycareConsentAgree')}
              on={agreed}
              onChange={setAgreed}
              testId="daycare-consent-toggle"
            />
          </Card>
        </View>
      )}
      <ButtonRow>
        {step > 1 && (
          <Action
            label={t('daycareBack')}
            onTap={() => setStep((s) => (s - 1) as Step)}
            testId="daycare-back"
          />
        )}
        {step < 3 ? (
          <Action
            kind="primary"
            label={t('daycareNext')}
            disabled={step === 2 && (availability === null || cannotTake)}
            onTap={next}
            testId="daycare-next"
          />
        ) : (
          <Action
            kind="primary"
            label={t(forGuardian === 'self' ? 'daycareSend' : 'daycarePrepare')}
            disabled={!agreed}
            busy={sending}
            onTap={() => void send()}
            testId="daycare-send"
          />
        )}
      </ButtonRow>
    </Page>
  );
}
