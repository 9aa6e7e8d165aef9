import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import type { NeedInput, NeedView } from '@linli/shared/pledges';
import { Action, ButtonRow } from '../../../../components/action';
import { Card } from '../../../../components/card';
import { Field } from '../../../../components/field';
import { formErrorsOf, NO_ERRORS, type FormErrors } from '../../../../components/field-errors';
import { Page } from '../../../../components/page';
import { PageHeader } from '../../../../components/page-header';
import { PhotoStrip } from '../../../../components/photo-strip';
import { RemoteView } from '../../../../components/remote-view';
import { usePhotoUploads } from '../../../../hooks/use-photo-uploads';
import { usePreferences } from '../../../../hooks/use-preferences';
import { useRemote } from '../../../../hooks/use-remote';
import { useUser } from '../../../../hooks/use-user';
import { t } from '../../../../i18n';
import { messageOf } from '../../../../services';
import { fenToYuanText, parseYuan, shanghaiDate } from '../../../../services/meals-format';
import { getProject, updateProject, type Project } from '../../../../services/pledges';
import { PLEDGES_ROOT } from '../../components/parts';

const MAX_PHOTOS = 6;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const instant = (date: string, time: string) => new Date(`${date}T${time}:00+08:00`).toISOString();

/** A need as the form edits it: its label and target as typed (money in yuan). */
interface NeedRow {
  need: NeedView;
  label: string;
  target: string;
}

/** The API's `needs.N…` messages under need N's row; the other paths under their own field. */
function fieldsOnForm(fields: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(fields)) {
    const need = /^needs\.(\d+)/.exec(path);
    const key = need
      ? `need-${need[1]}`
      : path === 'thresholds.households'
        ? 'households'
        : path === 'thresholds.moneyFen'
          ? 'moneyThreshold'
          : path;
    out[key] = out[key] ?? message;
  }
  return out;
}

function toInput(row: NeedRow, target: number): NeedInput {
  const { need } = row;
  const label = row.label.trim();
  if (need.kind === 'money') return { kind: 'money', id: need.id, label, targetFen: target };
  if (need.kind === 'goods')
    return { kind: 'goods', id: need.id, label, unit: need.unit ?? '件', quantity: target };
  return {
    kind: 'labour',
    id: need.id,
    label,
    headcount: target,
    startsAt: need.startsAt ?? '',
    endsAt: need.endsAt ?? '',
  };
}

/**
 * The committee edits a draft or an open project: wording, needs' labels and targets, thresholds,
 * deadline, photos. Before the first pledge the project changes in place; after it the server
 * keeps the old wording as a version and tells each pledger, and this page says how many before
 * saving.
 */
function EditForm({ project }: { project: Project }) {
  const [title, setTitle] = useState(project.title);
  const [description, setDescription] = useState(project.description);
  const [deadline, setDeadline] = useState(shanghaiDate(new Date(project.deadline)));
  const [households, setHouseholds] = useState(String(project.thresholds.households ?? ''));
  const [moneyThreshold, setMoneyThreshold] = useState(
    project.thresholds.moneyFen === undefined ? '' : fenToYuanText(project.thresholds.moneyFen),
  );
  const [changeNote, setChangeNote] = useState('');
  const [rows, setRows] = useState<NeedRow[]>(
    project.needs.map((need) => ({
      need,
      label: need.label,
      target: need.kind === 'money' ? fenToYuanText(need.target) : String(need.target),
    })),
  );
  const [kept, setKept] = useState(project.photos);
  // New photos up to the limit the project had room for when the page opened.
  const added = usePhotoUploads(Math.max(0, MAX_PHOTOS - project.photos.length));
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const setRow = (i: number, change: Partial<NeedRow>) =>
    setRows((now) => now.map((r, j) => (j === i ? { ...r, ...change } : r)));

  const save = async () => {
    if (added.uploading) return;
    const problems: Record<string, string> = {};
    const needs = rows.map((row, i) => {
      const target =
        row.need.kind === 'money' ? parseYuan(row.target) : Number.parseInt(row.target, 10) || null;
      if (target === null || target <= 0)
        problems[`need-${i}`] = t(row.need.kind === 'money' ? 'pledgesBadYuan' : 'pledgesBadNumber');
      return toInput(row, target ?? 0);
    });
    const homes = households.trim() ? Number.parseInt(households, 10) : undefined;
    if (homes !== undefined && !(homes > 0)) problems.households = t('pledgesBadNumber');
    const moneyFen = moneyThreshold.trim() ? parseYuan(moneyThreshold) : undefined;
    if (moneyFen === null || moneyFen === 0) problems.moneyThreshold = t('pledgesBadYuan');
    if (!DATE.test(deadline)) problems.deadline = t('createBadDate');
    if (Object.keys(problems).length > 0) {
      setErrors({ fields: problems, form: null });
      return;
    }
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      await updateProject(project.id, {
        title,
        description,
        photoIds: [...kept.map((p) => p.id), ...added.ids],
        needs,
        thresholds: { ...(homes ? { households: homes } : {}), ...(moneyFen ? { moneyFen } : {}) },
        deadline: instant(deadline, '23:59'),
        ...(project.frozen && changeNote.trim() ? { changeNote: changeNote.trim() } : {}),
      });
      void Taro.showToast({ title: t('editSaved'), icon: 'none' });
      void Taro.redirectTo({ url: `${PLEDGES_ROOT}/project/index?id=${project.id}` });
    } catch (e) {
      const split = formErrorsOf(e, messageOf(e), []);
      const fields = fieldsOnForm(split.fields);
      // Fields this page shows a message under; anything else goes above the button.
      const onPage = ['title', 'description', 'deadline', 'households', 'moneyThreshold', 'photoIds'];
      if (project.frozen) onPage.push('changeNote');
      const shown = Object.keys(fields).filter(
        (k) => onPage.includes(k) || rows.some((_, i) => k === `need-${i}`),
      );
      setErrors({
        fields,
        form: shown.length === Object.keys(fields).length && shown.length > 0 ? null : messageOf(e),
      });
      setBusy(false);
    }
  };

  return (
    <View data-testid="edit-project" data-version={project.version}>
      <PageHeader title={t('pledgesEdit')} subtitle={t('pledgesVersion', { version: project.version })} />
      <Card>
        <Field
          label={t('createTitle')}
          value={title}
          testId="edit-title"
          error={errors.fields.title}
          onChange={setTitle}
        />
        <Field
          label={t('createDescription')}
          value={description}
          testId="edit-description"
          error={errors.fields.description}
          onChange={setDescription}
        />
        <Field
          label={t('createDeadline')}
          value={deadline}
          testId="edit-deadline"
          error={errors.fields.deadline}
          onChange={setDeadline}
        />
        <Field
          label={t('createHouseholds')}
          value={households}
          type="number"
          testId="edit-households"
          error={errors.fields.households}
          onChange={setHouseholds}
        />
        <Field
          label={t('createMoneyThreshold')}
          value={moneyThreshold}
          type="digit"
          testId="edit-moneyThreshold"
          error={errors.fields.moneyThreshold}
          onChange={setMoneyThreshold}
        />
      </Card>
      <Card>
        {rows.map((row, i) => (
          <View key={row.need.id} data-testid="edit-need">
            <Field label={t('editNeedLabel')} value={row.label} onChange={(label) => setRow(i, { label })} />
            <Field
              label={
                row.need.kind === 'money'
                  ? t('editNeedMoney', { label: row.label })
                  : t('editNeedTarget', {
                      label: row.label,
                      unit: row.need.kind === 'labour' ? t('editPeople') : (row.need.unit ?? ''),
                    })
              }
              value={row.target}
              type={row.need.kind === 'money' ? 'digit' : 'number'}
              testId={`edit-need-${i}`}
              error={errors.fields[`need-${i}`]}
              onChange={(target) => setRow(i, { target })}
            />
          </View>
        ))}
      </Card>
      <Card title={t('createPhotos')} testId="edit-photos">
        <PhotoStrip
          photos={[
            ...kept.map((p) => ({ thumb: p.thumbUrl, full: p.url })),
            ...added.photos.map((p) => ({ thumb: p.local })),
          ]}
          label={(n) => t('createPhotoLabel', { n })}
          onRemove={(i) =>
            i < kept.length ? setKept((now) => now.filter((_, j) => j !== i)) : added.remove(i - kept.length)
          }
        />
        {errors.fields.photoIds && <Text className="error">{errors.fields.photoIds}</Text>}
        {added.left > 0 && (
          <Action
            label={t('createAddPhoto')}
            busy={added.uploading}
            busyLabel={t('createUploading')}
            testId="edit-add-photo"
            onTap={() => void added.pick()}
          />
        )}
      </Card>
      {project.frozen && (
        <Card testId="edit-frozen">
          <Text className="hint">{t('editFrozen', { version: project.version + 1 })}</Text>
          <Text className="notice-body" data-testid="edit-will-tell">
            {t('editWillTell', { count: project.pledgersToTell ?? 0 })}
          </Text>
          <Field
            label={t('editChangeNote')}
            value={changeNote}
            maxLength={200}
            testId="edit-changeNote"
            error={errors.fields.changeNote}
            onChange={setChangeNote}
          />
        </Card>
      )}
      {errors.form && (
        <Text className="error" data-testid="edit-error">
          {errors.form}
        </Text>
      )}
      <ButtonRow>
        <Action
          kind="primary"
          label={t('editSave')}
          busy={busy}
          testId="edit-save"
          onTap={() => void save()}
        />
      </ButtonRow>
    </View>
  );
}

/** The committee's edit page for one project (reached from the project page's 修改项目). */
export default function EditProjectPage() {
  usePreferences();
  const { user } = useUser();
  const id = useRouter().params.id ?? '';
  const project = useRemote(() => getProject(id), user !== null && id !== '', [], id);
  return (
    <Page title="pledgesEdit">
      <RemoteView source={project} isEmpty={() => false} empty={{ title: '' }}>
        {(p) => <EditForm project={p} />}
      </RemoteView>
    </Page>
  );
}
