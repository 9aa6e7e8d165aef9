import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { CategoryView, TicketView, UrgencyLevel } from '@linli/shared/repairs';
import { Action, ButtonRow } from '../../../../components/action';
import { Card } from '../../../../components/card';
import { Choice } from '../../../../components/choice';
import { Field } from '../../../../components/field';
import { NO_ERRORS, formErrorsOf, type FormErrors } from '../../../../components/field-errors';
import { Page } from '../../../../components/page';
import { PageHeader, SectionTitle } from '../../../../components/page-header';
import { PhotoStrip } from '../../../../components/photo-strip';
import { ProgressBar } from '../../../../components/progress-bar';
import { RemoteView } from '../../../../components/remote-view';
import { EmptyState } from '../../../../components/states';
import { usePhotoUploads } from '../../../../hooks/use-photo-uploads';
import { useRemote } from '../../../../hooks/use-remote';
import { useUser } from '../../../../hooks/use-user';
import { t } from '../../../../i18n';
import { messageOf } from '../../../../services';
import { listCategories, meToo, reportTicket, similarTickets } from '../../../../services/repairs';
import { urgencyName } from '../../../../services/repairs-labels';
import { TicketCard, detailUrl } from '../../components/ticket-card';

/** At most 4 photos from the report page (the API takes 6; four keep the step short). */
const MAX_PHOTOS = 4;
type Step = 1 | 2 | 3 | 4;
type Answer = string | number | string[];

/**
 * Reporting a repair in at most four steps, photo first: 1 a photo (or none), 2 the kind of problem
 * (for a shared area, the neighbours' open reports of it come first, with "me too"), 3 what and
 * where, how urgent, the category's own questions, 4 check and send.
 */
export default function ReportPage() {
  const { user } = useUser();
  const home = user?.homes[0];
  const categories = useRemote(() => listCategories(home!.communityId), Boolean(home), [], home?.communityId);
  const [step, setStep] = useState<Step>(1);
  const {
    photos,
    ids: photoIds,
    uploading,
    left: photosLeftToAdd,
    pick: pickPhotos,
    remove: removePhoto,
  } = usePhotoUploads(MAX_PHOTOS);
  const [category, setCategory] = useState<CategoryView | null>(null);
  const [similar, setSimilar] = useState<TicketView[]>([]);
  const [description, setDescription] = useState('');
  const [place, setPlace] = useState('');
  const [urgency, setUrgency] = useState<UrgencyLevel | null>(null);
  const [preferred, setPreferred] = useState('');
  const [answers, setAnswers] = useState<Record<string, Answer>>({});
  const [sending, setSending] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);

  const chooseCategory = (c: CategoryView) => {
    setCategory(c);
    setUrgency(c.urgencies.length === 1 ? c.urgencies[0].level : null);
    setAnswers({});
    setSimilar([]);
    if (c.area === 'public') similarTickets(c.id, home?.buildingId).then(setSimilar, () => setSimilar([]));
  };

  const addMeToo = async (ticket: TicketView) => {
    try {
      await meToo(ticket.id);
      void Taro.showToast({ title: t('repairsMeTooDone'), icon: 'none' });
      void Taro.redirectTo({ url: detailUrl(ticket.id) });
    } catch (e) {
      void Taro.showToast({ title: messageOf(e), icon: 'none', duration: 3000 });
    }
  };

  const submit = async () => {
    if (!category || !home) return;
    setSending(true);
    try {
      const ticket = await reportTicket({
        categoryId: category.id,
        ...(category.area === 'home'
          ? { householdId: home.householdId, preferredTimes: preferred.trim() ? [preferred.trim()] : [] }
          : { buildingId: home.buildingId, place: place.trim() }),
        description: description.trim(),
        photos: photoIds,
        urgency: urgency ?? undefined,
        fields: answers,
      });
      void Taro.showToast({ title: t('repairsSubmitted'), icon: 'none' });
      void Taro.redirectTo({ url: detailUrl(ticket.id) });
    } catch (e) {
      const keys = (category.fields ?? []).map((f) => `fields.${f.key}`);
      const shown = formErrorsOf(e, messageOf(e), ['description', 'urgency', 'place', ...keys]);
      setErrors(shown);
      // Back to the step where the field is, so the message is seen beside it.
      if (Object.keys(shown.fields).length > 0) setStep(3);
    } finally {
      setSending(false);
    }
  };

  const canLeave3 =
    description.trim().length > 0 &&
    urgency !== null &&
    (category?.fields ?? []).every((f) => !f.required || answers[f.key] !== undefined);

  if (user && !home)
    return (
      <Page title="repairsReport">
        <PageHeader title={t('repairsReport')} />
        <EmptyState
          title={t('repairsNoHome')}
          action={{
            label: t('repairsJoinHome'),
            onTap: () => void Taro.navigateTo({ url: '/pages/household/index' }),
          }}
        />
      </Page>
    );

  return (
    <Page className="repairs" title="repairsReport">
      <PageHeader title={t('repairsReport')} />
      <ProgressBar value={step} max={4} label={t('repairsStep', { n: step })} />

      {step === 1 && (
        <Card title={t('repairsStepPhoto')} testId="step-photo">
          <Text className="hint">{t('repairsStepPhotoHint', { max: MAX_PHOTOS })}</Text>
          <PhotoStrip
            testId="report-photos"
            photos={photos.map((p) => ({ thumb: p.local }))}
            label={(n) => t('repairsPhotoLabel', { n })}
            onRemove={removePhoto}
          />
          {photos.length > 0 && (
            <Text className="hint" data-testid="photo-count">
              {t('repairsPhotoCount', { count: photos.length })}
            </Text>
          )}
          {photosLeftToAdd > 0 && (
            <Action
              kind={photos.length === 0 ? 'primary' : 'secondary'}
              label={t('repairsTakePhoto')}
              busy={uploading}
              busyLabel={t('repairsUploading')}
              testId="take-photo"
              onTap={() => void pickPhotos()}
            />
          )}
          <Action
            kind={photos.length > 0 ? 'primary' : 'plain'}
            label={photos.length > 0 ? t('repairsNext') : t('repairsSkipPhoto')}
            disabled={uploading}
            testId="next"
            onTap={() => setStep(2)}
          />
        </Card>
      )}

      {step === 2 && (
        <Card title={t('repairsStepCategory')} testId="step-category">
          <RemoteView source={categories} empty={{ title: t('repairsNoCategories') }} cards={1}>
            {(list) => (
              <Choice
                label={t('repairsCategory')}
                testId="category"
                options={list
                  .filter((c) => c.active)
                  .map((c) => ({
                    value: c.id,
                    label: `${c.name}（${c.area === 'home' ? t('repairsAreaHome') : t('repairsAreaPublic')}）`,
                    text: c.name,
                  }))}
                selected={category?.id ?? null}
                onSelect={(id) => chooseCategory(list.find((c) => c.id === id)!)}
              />
            )}
          </RemoteView>
          {similar.length > 0 && (
            <View data-testid="similar">
              <SectionTitle>{t('repairsSimilarTitle')}</SectionTitle>
              {similar.map((s) => (
                <TicketCard key={s.id} ticket={s}>
                  {s.actions.includes('meToo') && (
                    <Action
                      kind="secondary"
                      label={t('repairsMeToo')}
                      testId="me-too"
                      onTap={() => void addMeToo(s)}
                    />
                  )}
                </TicketCard>
              ))}
            </View>
          )}
          <ButtonRow>
            <Action label={t('repairsBack')} onTap={() => setStep(1)} />
            <Action
              kind="primary"
              label={t('repairsNext')}
              disabled={!category}
              testId="next"
              onTap={() => setStep(3)}
            />
          </ButtonRow>
        </Card>
      )}

      {step === 3 && category && (
        <Card title={t('repairsStepDetails')} testId="step-details">
          <Field
            label={t('repairsDescription')}
            placeholder={t('repairsDescriptionHint')}
            value={description}
            onChange={setDescription}
            multiline
            maxLength={1000}
            error={errors.fields.description}
            testId="description"
          />
          {category.area === 'public' ? (
            <Field
              label={t('repairsPlace')}
              placeholder={t('repairsPlaceHint')}
              value={place}
              onChange={setPlace}
              maxLength={100}
              error={errors.fields.place}
              testId="place"
            />
          ) : (
            <Field
              label={t('repairsPreferredTime')}
              placeholder={t('repairsPreferredTimeHint')}
              value={preferred}
              onChange={setPreferred}
              maxLength={40}
              testId="preferred-time"
            />
          )}
          <Text className="field-label">{t('repairsUrgency')}</Text>
          <Choice
            label={t('repairsUrgency')}
            testId="urgency"
            options={category.urgencies.map((u) => ({
              value: u.level,
              label: t('repairsUrgencyLine', { level: urgencyName(u.level), hours: u.hours }),
            }))}
            selected={urgency}
            onSelect={setUrgency}
          />
          {errors.fields.urgency && <Text className="field-error">{errors.fields.urgency}</Text>}
          {category.fields.map((f) =>
            f.type === 'singleChoice' || f.type === 'multipleChoice' ? (
              <View key={f.key}>
                <Text className="field-label">{f.label}</Text>
                <Choice
                  label={f.label}
                  testId={`field-${f.key}`}
                  options={f.options.map((o) => ({ value: o, label: o }))}
                  selected={
                    f.type === 'multipleChoice'
                      ? ((answers[f.key] as string[] | undefined) ?? [])
                      : ((answers[f.key] as string | undefined) ?? null)
                  }
                  onSelect={(o) =>
                    setAnswers((now) => {
                      if (f.type === 'singleChoice') return { ...now, [f.key]: o };
                      const was = (now[f.key] as string[] | undefined) ?? [];
                      return { ...now, [f.key]: was.includes(o) ? was.filter((x) => x !== o) : [...was, o] };
                    })
                  }
                />
                {errors.fields[`fields.${f.key}`] && (
                  <Text className="field-error">{errors.fields[`fields.${f.key}`]}</Text>
                )}
              </View>
            ) : (
              <Field
                key={f.key}
                label={f.label}
                type={f.type === 'number' ? 'number' : 'text'}
                value={answers[f.key] === undefined ? '' : String(answers[f.key])}
                onChange={(v) =>
                  setAnswers((now) => {
                    const { [f.key]: _, ...rest } = now;
                    if (v.trim() === '') return rest;
                    return { ...rest, [f.key]: f.type === 'number' ? Number(v) : v };
                  })
                }
                error={errors.fields[`fields.${f.key}`]}
                testId={`field-${f.key}`}
              />
            ),
          )}
          <ButtonRow>
            <Action label={t('repairsBack')} onTap={() => setStep(2)} />
            <Action
              kind="primary"
              label={t('repairsNext')}
              disabled={!canLeave3}
              testId="next"
              onTap={() => setStep(4)}
            />
          </ButtonRow>
        </Card>
      )}

      {step === 4 && category && (
        <Card title={t('repairsStepConfirm')} testId="step-confirm">
          <Text className="card-title">{category.name}</Text>
          <Text className="list-item-detail">{description}</Text>
          {urgency && <Text className="list-item-detail">{urgencyName(urgency)}</Text>}
          <PhotoStrip
            photos={photos.map((p) => ({ thumb: p.local }))}
            label={(n) => t('repairsPhotoLabel', { n })}
          />
          {errors.form && (
            <Text className="field-error" {...{ role: 'alert' }}>
              {errors.form}
            </Text>
          )}
          <ButtonRow>
            <Action label={t('repairsBack')} onTap={() => setStep(3)} />
            <Action
              kind="primary"
              label={t('repairsSubmit')}
              busy={sending}
              testId="submit"
              onTap={() => void submit()}
            />
          </ButtonRow>
        </Card>
      )}
    </Page>
  );
}
