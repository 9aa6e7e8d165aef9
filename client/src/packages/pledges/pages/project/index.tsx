import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro';
import { PROJECT_STATUS_NAMES, type NeedView } from '@linli/shared/pledges';
import { Action, ButtonRow } from '../../../../components/action';
import { BottomSheet } from '../../../../components/bottom-sheet';
import { Choice } from '../../../../components/choice';
import { Field } from '../../../../components/field';
import { formErrorsOf, NO_ERRORS, type FormErrors } from '../../../../components/field-errors';
import { Page } from '../../../../components/page';
import { PageHeader, SectionTitle } from '../../../../components/page-header';
import { PhotoStrip } from '../../../../components/photo-strip';
import { ProgressBar } from '../../../../components/progress-bar';
import { RemoteView } from '../../../../components/remote-view';
import { StatusBadge } from '../../../../components/status-badge';
import { Timeline } from '../../../../components/timeline';
import { Toggle } from '../../../../components/toggle';
import { usePreferences } from '../../../../hooks/use-preferences';
import { useRemote } from '../../../../hooks/use-remote';
import { useUser } from '../../../../hooks/use-user';
import { getLocale, t } from '../../../../i18n';
import { messageOf } from '../../../../services';
import { fenToYuanText } from '../../../../services/meals-format';
import { formatDate } from '../../../../services/notice-format';
import {
  getProject,
  moveProject,
  pledge,
  pledgesChanged,
  withdrawPledge,
  type Project,
} from '../../../../services/pledges';
import { PaperPledgeSheet } from '../../components/paper-pledge-sheet';
import {
  badQuantityMessage,
  NeedAmountField,
  NeedProgress,
  PledgeCard,
  PLEDGES_ROOT,
  pledgeQuantity,
} from '../../components/parts';

/**
 * The pledge sheet: the need was chosen by the tap that opened it (step 1), the amount and options
 * here (step 2), confirm (step 3). A labour slot has no amount: one place.
 */
function PledgeSheet({ project, need, onClose }: { project: Project; need: NeedView; onClose: () => void }) {
  const [amount, setAmount] = useState(need.kind === 'money' ? '' : '1');
  const [anonymous, setAnonymous] = useState(false);
  const [conditional, setConditional] = useState(false);
  const [scope, setScope] = useState<'building' | 'project'>('building');
  const [atLeast, setAtLeast] = useState('5');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const quantity = pledgeQuantity(need, amount);
    if (quantity === null) {
      setErrors({ fields: { quantity: badQuantityMessage(need) }, form: null });
      return;
    }
    const others = Number.parseInt(atLeast, 10);
    if (conditional && !(others > 0)) {
      setErrors({ fields: { 'condition.atLeast': t('pledgesBadNumber') }, form: null });
      return;
    }
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      await pledge(project.id, {
        needId: need.id,
        quantity,
        anonymous,
        ...(conditional ? { condition: { scope, atLeast: others } } : {}),
      });
      void Taro.showToast({ title: t('pledgesDone'), icon: 'none' });
      onClose();
    } catch (e) {
      setErrors(formErrorsOf(e, messageOf(e), ['quantity', 'condition.atLeast']));
      setBusy(false);
    }
  };

  return (
    <BottomSheet
      title={t('pledgesPledgeNeed', { label: need.label })}
      onClose={onClose}
      testId="pledge-sheet"
    >
      <NeedAmountField
        need={need}
        value={amount}
        testId="pledge-quantity"
        error={errors.fields.quantity}
        onChange={setAmount}
      />
      <Toggle
        label={t('pledgesAnonymous')}
        description={t('pledgesAnonymousHint')}
        on={anonymous}
        testId="pledge-anonymous"
        onChange={setAnonymous}
      />
      <Toggle
        label={t('pledgesConditional')}
        description={t('pledgesConditionalHint')}
        on={conditional}
        testId="pledge-conditional"
        onChange={setConditional}
      />
      {conditional && (
        <View>
          <Text className="field-label">{t('pledgesConditionScope')}</Text>
          <Choice
            label={t('pledgesConditionScope')}
            options={[
              { value: 'building', label: t('pledgesScopeBuilding') },
              { value: 'project', label: t('pledgesScopeProject') },
            ]}
            selected={scope}
            onSelect={setScope}
          />
          <Field
            label={t('pledgesConditionAtLeast')}
            value={atLeast}
            type="number"
            error={errors.fields['condition.atLeast']}
            onChange={setAtLeast}
          />
        </View>
      )}
      {errors.form && <Text className="error">{errors.form}</Text>}
      <Action
        kind="primary"
        label={t('pledgesConfirm')}
        busy={busy}
        testId="confirm-pledge"
        onTap={() => void submit()}
      />
    </BottomSheet>
  );
}

/** The committee's moves on a project, as its `actions` allow; cancelling asks for the reason. */
function CommitteeActions({ project }: { project: Project }) {
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [recording, setRecording] = useState(false);
  const move = async (step: 'open' | 'complete' | 'cancel') => {
    setProblem(null);
    try {
      await moveProject(project.id, step, step === 'cancel' ? reason : undefined);
      void Taro.showToast({ title: t('pledgesMoved'), icon: 'none' });
      setCancelling(false);
    } catch (e) {
      setProblem(messageOf(e));
    }
  };
  const can = (a: Project['actions'][number]) => project.actions.includes(a);
  const fulfilling = can('recordPaperPledge') || project.status === 'active' || project.status === 'done';
  if (!can('open') && !can('complete') && !can('cancel') && !can('edit') && !fulfilling) return null;
  return (
    <View className="card">
      {problem && <Text className="error">{problem}</Text>}
      <ButtonRow>
        {can('edit') && (
          <Action
            inline
            label={t('pledgesEdit')}
            testId="edit-project"
            onTap={() => void Taro.navigateTo({ url: `${PLEDGES_ROOT}/edit/index?id=${project.id}` })}
          />
        )}
        {can('recordPaperPledge') && (
          <Action inline label={t('paperRecord')} testId="record-paper" onTap={() => setRecording(true)} />
        )}
        {can('open') && (
          <Action
            inline
            kind="primary"
            label={t('pledgesOpen')}
            testId="open-project"
            onTap={() => void move('open')}
          />
        )}
        {can('complete') && (
          <Action
            inline
            label={t('pledgesComplete')}
            testId="complete-project"
            onTap={() => void move('complete')}
          />
        )}
        {can('cancel') && !cancelling && (
          <Action inline kind="danger" label={t('pledgesCancel')} onTap={() => setCancelling(true)} />
        )}
      </ButtonRow>
      {cancelling && (
        <View>
          <Field label={t('pledgesCancelReason')} value={reason} maxLength={200} onChange={setReason} />
          <Action kind="danger" label={t('pledgesCancelConfirm')} onTap={() => void move('cancel')} />
        </View>
      )}
      {fulfilling && (
        <Action
          label={t('pledgesFulfil')}
          testId="open-fulfil"
          onTap={() => void Taro.navigateTo({ url: `${PLEDGES_ROOT}/fulfil/index?id=${project.id}` })}
        />
      )}
      {recording && <PaperPledgeSheet project={project} onClose={() => setRecording(false)} />}
    </View>
  );
}

function ProjectBody({ project }: { project: Project }) {
  const [pledging, setPledging] = useState<NeedView | null>(null);
  const { households, moneyFen } = project.thresholds;
  const latest = project.versions[project.versions.length - 1];
  const canPledge = project.actions.includes('pledge');
  const withdraw = async (id: string) => {
    const { confirm } = await Taro.showModal({ title: t('pledgesWithdrawConfirm'), content: '' });
    if (!confirm) return;
    try {
      await withdrawPledge(id);
      void Taro.showToast({ title: t('pledgesWithdrawn'), icon: 'none' });
    } catch (e) {
      void Taro.showToast({ title: messageOf(e), icon: 'none', duration: 3000 });
    }
  };
  return (
    <View data-testid="project-detail" data-status={project.status}>
      <PageHeader
        title={project.title}
        subtitle={t('pledgesDeadline', { date: formatDate(project.deadline) })}
        action={
          <StatusBadge state={project.status} label={PROJECT_STATUS_NAMES[project.status][getLocale()]} />
        }
      />
      <View className="card">
        <PhotoStrip
          testId="project-photos"
          photos={project.photos.map((p) => ({ thumb: p.thumbUrl, full: p.url }))}
          label={(n) => t('createPhotoLabel', { n })}
        />
        <Text className="notice-body">{project.description}</Text>
        {project.version > 1 && (
          <Text className="hint" data-testid="project-version" data-version={project.version}>
            {latest?.changeNote
              ? t('pledgesVersionNote', { version: project.version, note: latest.changeNote })
              : t('pledgesVersion', { version: project.version })}
          </Text>
        )}
        {project.cancelReason && <Text className="hint">{project.cancelReason}</Text>}
      </View>
      <View className="card" data-testid="progress">
        {households !== undefined && (
          <ProgressBar
            label={t('pledgesHouseholdsJoined')}
            value={project.progress.households}
            max={households}
            valueText={t('pledgesHouseholdsUnit', { value: project.progress.households, max: households })}
          />
        )}
        {moneyFen !== undefined && (
          <ProgressBar
            label={t('pledgesMoneyPromised')}
            value={project.progress.moneyFen}
            max={moneyFen}
            valueText={`¥${fenToYuanText(project.progress.moneyFen)} / ¥${fenToYuanText(moneyFen)}`}
          />
        )}
        <Text className="hint">
          {project.progress.thresholdsMet ? t('pledgesThresholdsMet') : t('pledgesThresholdsUnmet')}
        </Text>
        {project.needs.map((need) => (
          <NeedProgress key={need.id} need={need}>
            {canPledge && (need.kind === 'money' || need.remaining > 0) && (
              <Action
                inline
                kind="primary"
                label={t('pledgesPledgeNeed', { label: need.label })}
                testId="pledge-need"
                onTap={() => setPledging(need)}
              />
            )}
          </NeedProgress>
        ))}
      </View>
      <CommitteeActions project={project} />
      {project.mine.length > 0 && (
        <View>
          <SectionTitle>{t('pledgesMyPledgesHere')}</SectionTitle>
          {project.mine.map((p) => (
            <PledgeCard key={p.id} pledge={p}>
              {p.actions.includes('withdraw') && (
                <Action inline kind="danger" label={t('pledgesWithdraw')} onTap={() => void withdraw(p.id)} />
              )}
            </PledgeCard>
          ))}
        </View>
      )}
      {project.pledges.length > 0 && (
        <View>
          <SectionTitle>{t('pledgesPublicList')}</SectionTitle>
          <View className="card" data-testid="public-list">
            {project.pledges.map((p) => (
              <Text key={p.id} className="booking-line" data-paper={p.paper ? 'yes' : 'no'}>
                {p.pledgerName} · {p.needLabel}
                {p.paper ? ` · ${t('paperMark')}` : ''}
              </Text>
            ))}
          </View>
        </View>
      )}
      {project.history.length > 0 && (
        <View>
          <SectionTitle>{t('pledgesHistory')}</SectionTitle>
          <Timeline
            label={t('pledgesHistory')}
            entries={project.history.map((h) => ({
              state: h.to,
              title: PROJECT_STATUS_NAMES[h.to as keyof typeof PROJECT_STATUS_NAMES]?.[getLocale()] ?? h.to,
              time: formatDate(h.at),
              detail: h.note,
            }))}
          />
        </View>
      )}
      {pledging && <PledgeSheet project={project} need={pledging} onClose={() => setPledging(null)} />}
    </View>
  );
}

/** One project: progress per need, live as neighbours pledge; pledge in three steps; the committee's moves. */
export default function PledgeProjectPage() {
  usePreferences();
  const { user } = useUser();
  const id = useRouter().params.id ?? '';
  const project = useRemote(() => getProject(id), user !== null && id !== '', [pledgesChanged], id);
  usePullDownRefresh(() => {
    project.reload();
    void Taro.stopPullDownRefresh();
  });
  return (
    <Page title="pledgesTitle">
      <RemoteView source={project} isEmpty={() => false} empty={{ title: '' }}>
        {(p) => <ProjectBody project={p} />}
      </RemoteView>
    </Page>
  );
}
