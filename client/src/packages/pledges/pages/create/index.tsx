import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { NeedInput } from '@linli/shared/pledges';
import { Action, ButtonRow } from '../../../../components/action';
import { Card } from '../../../../components/card';
import { Field } from '../../../../components/field';
import { formErrorsOf, NO_ERRORS, type FormErrors } from '../../../../components/field-errors';
import { Page } from '../../../../components/page';
import { PhotoStrip } from '../../../../components/photo-strip';
import { PageHeader } from '../../../../components/page-header';
import { usePhotoUploads } from '../../../../hooks/use-photo-uploads';
import { usePreferences } from '../../../../hooks/use-preferences';
import { useUser } from '../../../../hooks/use-user';
import { t, type MessageKey } from '../../../../i18n';
import { messageOf } from '../../../../services';
import { addDays, parseYuan, shanghaiDate } from '../../../../services/meals-format';
import { createProject, moveProject } from '../../../../services/pledges';
import { fieldsOnForm } from '../../components/create-fields';
import { committeeCommunityOf, PLEDGES_ROOT } from '../../components/parts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}$/;
/** A community-calendar date and wall time (Asia/Shanghai) as the UTC instant the API stores. */
const instant = (date: string, time: string) => new Date(`${date}T${time}:00+08:00`).toISOString();

type Form = Record<
  | 'title'
  | 'description'
  | 'money'
  | 'goodsLabel'
  | 'goodsUnit'
  | 'goodsQuantity'
  | 'slotLabel'
  | 'slotDate'
  | 'slotStart'
  | 'slotEnd'
  | 'slotHeadcount'
  | 'households'
  | 'moneyThreshold'
  | 'deadline',
  string
>;

const MAX_PHOTOS = 6;

/**
 * The committee's new project: what it needs (money, one kind of goods, one volunteer slot, each
 * optional but at least one), optional thresholds (households, and money promised in yuan), photos,
 * and when pledges close. Saved as a draft, or saved and opened at once. The API's field messages
 * show under the field they name.
 */
export default function CreateProject() {
  usePreferences();
  const { user } = useUser();
  const communityId = committeeCommunityOf(user);
  const today = shanghaiDate(new Date());
  const [form, setForm] = useState<Form>({
    title: '',
    description: '',
    money: '',
    goodsLabel: '',
    goodsUnit: '件',
    goodsQuantity: '',
    slotLabel: '',
    slotDate: addDays(today, 7),
    slotStart: '09:00',
    slotEnd: '11:00',
    slotHeadcount: '',
    households: '',
    moneyThreshold: '',
    deadline: addDays(today, 14),
  });
  const photos = usePhotoUploads(MAX_PHOTOS);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof Form) => (value: string) => setForm((f) => ({ ...f, [key]: value }));
  const field = (
    key: keyof Form,
    label: MessageKey,
    extra: { type?: 'number' | 'digit'; multiline?: boolean } = {},
  ) => (
    <Field
      label={t(label)}
      value={form[key]}
      testId={`create-${key}`}
      error={errors.fields[key]}
      onChange={set(key)}
      {...extra}
    />
  );

  /** The body, or the fields to fix (named as the form shows them). */
  const build = () => {
    const problems: Record<string, string> = {};
    const needs: NeedInput[] = [];
    const count = (text: string, key: string) => {
      const n = Number.parseInt(text, 10);
      if (!(n > 0)) problems[key] = t('pledgesBadNumber');
      return n;
    };
    if (form.money.trim()) {
      const fen = parseYuan(form.money);
      if (fen === null || fen <= 0) problems.money = t('pledgesBadYuan');
      else needs.push({ kind: 'money', label: t('createMoneyNeed'), targetFen: fen });
    }
    if (form.goodsLabel.trim())
      needs.push({
        kind: 'goods',
        label: form.goodsLabel.trim(),
        unit: form.goodsUnit.trim() || '件',
        quantity: count(form.goodsQuantity, 'goodsQuantity'),
      });
    if (form.slotLabel.trim()) {
      if (!DATE.test(form.slotDate)) problems.slotDate = t('createBadDate');
      if (!TIME.test(form.slotStart)) problems.slotStart = t('createBadTime');
      if (!TIME.test(form.slotEnd)) problems.slotEnd = t('createBadTime');
      const headcount = count(form.slotHeadcount, 'slotHeadcount');
      if (!problems.slotDate && !problems.slotStart && !problems.slotEnd)
        needs.push({
          kind: 'labour',
          label: form.slotLabel.trim(),
          startsAt: instant(form.slotDate, form.slotStart),
          endsAt: instant(form.slotDate, form.slotEnd),
          headcount,
        });
    }
    if (!DATE.test(form.deadline)) problems.deadline = t('createBadDate');
    const households = form.households.trim() ? count(form.households, 'households') : undefined;
    // Yuan as typed, to integer fen exactly (no floating point): '5000' → 500000, '12.5' → 1250.
    const moneyFen = form.moneyThreshold.trim() ? parseYuan(form.moneyThreshold) : undefined;
    if (moneyFen === null || moneyFen === 0) problems.moneyThreshold = t('pledgesBadYuan');
    if (Object.keys(problems).length > 0) return { problems };
    if (needs.length === 0) return { problems: {}, form: t('createNeedOne') };
    return {
      body: {
        communityId,
        title: form.title,
        description: form.description,
        photoIds: photos.ids,
        needs,
        thresholds: {
          ...(households ? { households } : {}),
          ...(moneyFen ? { moneyFen } : {}),
        },
        deadline: instant(form.deadline, '23:59'),
      },
    };
  };

  const save = async (open: boolean) => {
    const built = build();
    if (photos.uploading) return;
    if (!built.body) {
      setErrors({ fields: built.problems, form: built.form ?? null });
      return;
    }
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      const project = await createProject(built.body);
      if (open) await moveProject(project.id, 'open');
      void Taro.showToast({ title: t('createSaved'), icon: 'none' });
      void Taro.redirectTo({ url: `${PLEDGES_ROOT}/project/index?id=${project.id}` });
    } catch (e) {
      const kinds = built.body.needs.map((n) => n.kind);
      const split = formErrorsOf(e, messageOf(e), []);
      const fields = fieldsOnForm(split.fields, kinds);
      const onForm = Object.keys(fields).filter((k) => k in form || k === 'photos').length;
      // The form-level message only when some field message has no field on this form.
      setErrors({
        fields,
        form: onForm > 0 && onForm === Object.keys(split.fields).length ? null : messageOf(e),
      });
      setBusy(false);
    }
  };

  return (
    <Page title="pledgesCreate">
      <PageHeader title={t('pledgesCreate')} />
      <Card>
        {field('title', 'createTitle')}
        {field('description', 'createDescription')}
        {field('deadline', 'createDeadline')}
        {field('households', 'createHouseholds', { type: 'number' })}
        {field('moneyThreshold', 'createMoneyThreshold', { type: 'digit' })}
      </Card>
      <Card title={t('createPhotos')} testId="create-photos">
        <PhotoStrip
          testId="create-photo-strip"
          photos={photos.photos.map((p) => ({ thumb: p.local }))}
          label={(n) => t('createPhotoLabel', { n })}
          onRemove={photos.remove}
        />
        {errors.fields.photos && <Text className="error">{errors.fields.photos}</Text>}
        {photos.left > 0 && (
          <Action
            label={t('createAddPhoto')}
            busy={photos.uploading}
            busyLabel={t('createUploading')}
            testId="create-add-photo"
            onTap={() => void photos.pick()}
          />
        )}
      </Card>
      <Card>{field('money', 'createMoney', { type: 'digit' })}</Card>
      <Card>
        {field('goodsLabel', 'createGoodsLabel')}
        {field('goodsUnit', 'createGoodsUnit')}
        {field('goodsQuantity', 'createGoodsQuantity', { type: 'number' })}
      </Card>
      <Card>
        {field('slotLabel', 'createSlotLabel')}
        {field('slotDate', 'createSlotDate')}
        {field('slotStart', 'createSlotStart')}
        {field('slotEnd', 'createSlotEnd')}
        {field('slotHeadcount', 'createSlotHeadcount', { type: 'number' })}
      </Card>
      {errors.form && (
        <View>
          <Text className="error" data-testid="create-error">
            {errors.form}
          </Text>
        </View>
      )}
      <ButtonRow>
        <Action
          kind="primary"
          label={t('createSubmit')}
          busy={busy}
          testId="create-open"
          onTap={() => void save(true)}
        />
        <Action label={t('createDraft')} disabled={busy} onTap={() => void save(false)} />
      </ButtonRow>
    </Page>
  );
}
