import { useEffect, useState } from 'react';
import type { BuildingView } from '@linli/shared/communities';
import { Text } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
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
import { ApiError } from '../../../../services/api-error';
import { committeeCommunityIds } from '../../../../services/roles';
import {
  consultationsChanged,
  createConsultation,
  getConsultation,
  listBuildings,
  updateConsultation,
  type Consultation,
} from '../../../../services/consultations';
import { Action } from '../../../../components/action';
import { Card } from '../../../../components/card';
import { Choice } from '../../../../components/choice';
import { Field } from '../../../../components/field';
import { formErrorsOf, NO_ERRORS, type FormErrors } from '../../../../components/field-errors';
import { Page } from '../../../../components/page';
import { PageHeader } from '../../../../components/page-header';
import { Toggle } from '../../../../components/toggle';

type TimeField = 'discussionOpensAt' | 'votingOpensAt' | 'votingClosesAt';
const TIMES: readonly TimeField[] = ['discussionOpensAt', 'votingOpensAt', 'votingClosesAt'];
const SHOWN = ['title', 'body', 'buildingIds', 'ballot.options', 'matter', ...TIMES];
const HOUR = 3_600_000;
const LOCAL = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})$/;

/** An instant as the community's wall time (Asia/Shanghai, no daylight saving): '2026-12-10 09:00'. */
const shanghaiLocal = (iso: string | undefined) =>
  iso ? new Date(Date.parse(iso) + 8 * HOUR).toISOString().slice(0, 16).replace('T', ' ') : '';
/** A wall time typed in Shanghai as the UTC instant the API stores; null when it is not one. */
const instantOf = (local: string): string | null => {
  const m = LOCAL.exec(local.trim());
  const at = m ? new Date(`${m[1]}T${m[2]}:00+08:00`) : null;
  return at && !Number.isNaN(at.getTime()) ? at.toISOString() : null;
};

/**
 * The committee drafts a consultation, or edits its draft (`?id=`): what it is about, who votes
 * (each resident, each household, or the owners under art. 278 with the statutory matter), among
 * whom (the whole community or chosen buildings), the
 * choices, the schedule (when the discussion opens, when voting opens and closes, in Shanghai time;
 * a step left empty waits for the committee's hand) and whether counts stay hidden until close.
 * In discussion only the voting window can change; once voting opened the detail page offers no edit.
 * The server's field messages show under the field they name.
 */
export default function ConsultationComposePage() {
  usePreferences();
  const { user } = useUser();
  const { id = '' } = useRouter().params;
  const [editing, setEditing] = useState<Consultation | null>(null);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [eligibility, setEligibility] = useState<Eligibility>('household');
  const [matter, setMatter] = useState<OwnerMatter>('useMaintenanceFund');
  const [options, setOptions] = useState('');
  const [audience, setAudience] = useState<'all' | 'buildings'>('all');
  const [buildingIds, setBuildingIds] = useState<string[]>([]);
  const [buildings, setBuildings] = useState<BuildingView[]>([]);
  const [times, setTimes] = useState<Record<TimeField, string>>(() => ({
    discussionOpensAt: '',
    votingOpensAt: '',
    votingClosesAt: shanghaiLocal(new Date(Date.now() + 14 * 24 * HOUR).toISOString()),
  }));
  const [hidden, setHidden] = useState(true);
  const [allowChange, setAllowChange] = useState(false);
  const [secret, setSecret] = useState(true);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const communityId = user ? committeeCommunityIds(user)[0] : undefined;
  const owners = eligibility === 'owner';
  const windowOnly = editing?.status === 'discussion';

  const signedIn = user !== null;
  const audienceCommunity = editing?.communityId ?? communityId;
  useEffect(() => {
    if (!audienceCommunity) return;
    // Without the list the page offers only the whole community (the server would refuse a guess).
    listBuildings(audienceCommunity).then(setBuildings, () => setBuildings([]));
  }, [audienceCommunity]);
  // Prefilled once per draft and sign-in (not on every refresh of the user: that would undo typing).
  useEffect(() => {
    if (!id || !signedIn) return;
    getConsultation(id)
      .then((c) => {
        setEditing(c);
        setTitle(c.title);
        setBody(c.body);
        setEligibility(c.eligibility);
        if (c.matter) setMatter(c.matter);
        setAudience(c.buildingIds.length > 0 ? 'buildings' : 'all');
        setBuildingIds(c.buildingIds);
        setOptions(c.ballot.kind === 'approval' ? '' : c.ballot.options.map((o) => o.label).join('\n'));
        setTimes({
          discussionOpensAt: shanghaiLocal(c.discussionOpensAt),
          votingOpensAt: shanghaiLocal(c.votingOpensAt),
          votingClosesAt: shanghaiLocal(c.votingClosesAt),
        });
        setHidden(c.resultsHidden);
        setAllowChange(c.allowChange);
        setSecret(c.secretBallot);
      })
      .catch((e: unknown) => setErrors({ fields: {}, form: messageOf(e) }));
  }, [id, signedIn]);

  /** The schedule as instants, or the fields to fix (an empty optional step is null: by hand). */
  const schedule = () => {
    const problems: Record<string, string> = {};
    const at: Record<TimeField, string | null> = {
      discussionOpensAt: null,
      votingOpensAt: null,
      votingClosesAt: null,
    };
    for (const field of TIMES) {
      if (!times[field].trim() && field !== 'votingClosesAt') continue;
      at[field] = instantOf(times[field]);
      if (!at[field]) problems[field] = t('consBadTime');
    }
    if (audience === 'buildings' && buildingIds.length === 0) problems.buildingIds = t('consAudienceNone');
    return { at, problems };
  };

  const ballot = () => {
    const listed = options
      .split('\n')
      .map((o) => o.trim())
      .filter(Boolean);
    if (owners) return { kind: 'approval' as const };
    // An edit keeps a multiple-choice ballot's kind and bounds; this form writes single choice.
    const kept = editing && editing.ballot.kind === 'multiple' ? editing.ballot : null;
    return kept
      ? {
          kind: 'multiple' as const,
          options: listed,
          minChoices: kept.minChoices,
          maxChoices: kept.maxChoices,
        }
      : { kind: 'single' as const, options: listed };
  };

  const send = (at: Record<TimeField, string | null>): Promise<Consultation> => {
    const closes = at.votingClosesAt ?? '';
    if (editing && windowOnly)
      return updateConsultation(editing.id, { votingOpensAt: at.votingOpensAt, votingClosesAt: closes });
    const fields = {
      title,
      body,
      eligibility,
      // An empty list is the whole community: an edit back to 全社区 clears the chosen buildings.
      ...(audience === 'buildings' || editing
        ? { buildingIds: audience === 'buildings' ? buildingIds : [] }
        : {}),
      ballot: ballot(),
      resultsHidden: hidden,
      secretBallot: secret,
      allowChange,
      votingClosesAt: closes,
    };
    if (editing)
      return updateConsultation(editing.id, {
        ...fields,
        matter: owners ? matter : null,
        discussionOpensAt: at.discussionOpensAt,
        votingOpensAt: at.votingOpensAt,
        // The attachments the consultation has stay (this form adds none).
        attachmentIds: editing.attachments.map((a) => a.id),
      });
    return createConsultation({
      communityId: communityId ?? '',
      ...fields,
      ...(owners ? { matter } : {}),
      ...(at.discussionOpensAt ? { discussionOpensAt: at.discussionOpensAt } : {}),
      ...(at.votingOpensAt ? { votingOpensAt: at.votingOpensAt } : {}),
      attachmentIds: [],
    });
  };

  const save = async () => {
    if (!communityId && !editing) return;
    const { at, problems } = schedule();
    if (Object.keys(problems).length > 0) {
      setErrors({ fields: problems, form: null });
      return;
    }
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      const saved = await send(at);
      consultationsChanged.emit();
      void Taro.showToast({ title: t('consSaved'), icon: 'none', duration: 2000 });
      // An edit goes back to the detail it came from (which refetches on the change); a new draft
      // (or an edit opened directly) replaces this form with its detail.
      if (editing && Taro.getCurrentPages().length > 1) void Taro.navigateBack();
      else void Taro.redirectTo({ url: `/packages/consultations/pages/detail/index?id=${saved.id}` });
    } catch (e) {
      // Validation names fields in its list; the service's own checks (a time in the past, out of
      // order) name one in details.field: both show under that field.
      const named = e instanceof ApiError && e.status === 400 ? e.details?.field : undefined;
      if (typeof named === 'string' && SHOWN.includes(named))
        setErrors({ fields: { [named]: messageOf(e) }, form: null });
      else setErrors(formErrorsOf(e, messageOf(e), SHOWN));
    } finally {
      setBusy(false);
    }
  };

  const timeField = (field: TimeField, label: Parameters<typeof t>[0]) => (
    <Field
      label={t(label)}
      value={times[field]}
      onChange={(value) => setTimes((all) => ({ ...all, [field]: value }))}
      placeholder="2026-12-10 09:00"
      maxLength={16}
      error={errors.fields[field]}
      testId={`compose-${field}`}
    />
  );
  const schedulePart = (
    <>
      {!windowOnly && timeField('discussionOpensAt', 'consFieldDiscussionOpens')}
      {timeField('votingOpensAt', 'consFieldVotingOpens')}
      {timeField('votingClosesAt', 'consFieldVotingCloses')}
    </>
  );
  const saveButton = (
    <>
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
    </>
  );

  if (windowOnly)
    return (
      <Page title="consEditTitle">
        <PageHeader title={t('consEditTitle')} subtitle={editing.title} />
        <Card>
          <Text className="hint" data-testid="compose-window-only">
            {t('consEditWindowOnly')}
          </Text>
          {schedulePart}
          {saveButton}
        </Card>
      </Page>
    );

  return (
    <Page title={editing ? 'consEditTitle' : 'consComposeTitle'}>
      <PageHeader title={t(editing ? 'consEditTitle' : 'consComposeTitle')} subtitle={t('consDraftNote')} />
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
        <Text className="field-label">{t('consFieldAudience')}</Text>
        <Choice<'all' | 'buildings'>
          label={t('consFieldAudience')}
          testId="compose-audience"
          options={[
            { value: 'all', label: t('consAudienceAll') },
            ...(buildings.length > 0 || audience === 'buildings'
              ? [{ value: 'buildings' as const, label: t('consAudienceChosen') }]
              : []),
          ]}
          selected={audience}
          onSelect={setAudience}
        />
        {audience === 'buildings' && (
          <Choice<string>
            label={t('consAudienceChosen')}
            testId="compose-buildings"
            options={buildings.map((b) => ({ value: b.id, label: b.name }))}
            selected={buildingIds}
            onSelect={(b) =>
              setBuildingIds((all) => (all.includes(b) ? all.filter((x) => x !== b) : [...all, b]))
            }
          />
        )}
        {errors.fields.buildingIds && (
          <Text className="field-error" data-testid="compose-buildingIds-error" {...{ role: 'alert' }}>
            {errors.fields.buildingIds}
          </Text>
        )}
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
        {schedulePart}
        <Toggle label={t('consFieldHidden')} on={hidden} onChange={setHidden} />
        <Toggle label={t('consFieldChange')} on={allowChange} onChange={setAllowChange} />
        <Toggle
          label={t('consFieldSecret')}
          description={t('consFieldSecretHint')}
          on={secret}
          onChange={setSecret}
        />
        {saveButton}
      </Card>
    </Page>
  );
}
