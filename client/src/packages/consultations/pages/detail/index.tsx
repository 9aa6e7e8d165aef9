import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { CONSULTATION_TRANSITIONS, type ConsultationTransition } from '@linli/shared/consultations';
import { useUser } from '../../../../hooks/use-user';
import { useRemote } from '../../../../hooks/use-remote';
import { usePreferences } from '../../../../hooks/use-preferences';
import { t, type MessageKey } from '../../../../i18n';
import { messageOf } from '../../../../services';
import {
  consultationsChanged,
  getConsultation,
  keptReceipts,
  listBuildings,
  listComments,
  postComment,
  transition,
  verifyReceipt,
  type Comment,
  type Consultation,
  type ReceiptCheck,
} from '../../../../services/consultations';
import { shanghaiTime } from '../../../../services/consultations-format';
import { Action } from '../../../../components/action';
import { Card } from '../../../../components/card';
import { Choice } from '../../../../components/choice';
import { Field } from '../../../../components/field';
import { ListItem } from '../../../../components/list-item';
import { Page } from '../../../../components/page';
import { PhotoStrip } from '../../../../components/photo-strip';
import { PhotoImages } from '../../../../components/photo-images';
import { usePhotoUploads } from '../../../../hooks/use-photo-uploads';
import { PageHeader, SectionTitle } from '../../../../components/page-header';
import { ProgressBar } from '../../../../components/progress-bar';
import { RemoteView } from '../../../../components/remote-view';
import { StatusBadge, Tag } from '../../../../components/status-badge';
import { ResultsView } from '../../components/results';
import { VoteSheet } from '../../components/vote-sheet';

const MOVE_NAMES: Record<ConsultationTransition, MessageKey> = {
  openDiscussion: 'consActionOpenDiscussion',
  openVoting: 'consActionOpenVoting',
  close: 'consActionClose',
  publish: 'consActionPublish',
};
const ELIGIBILITY_NAMES: Record<Consultation['eligibility'], MessageKey> = {
  resident: 'consEligibilityResident',
  household: 'consEligibilityHousehold',
  owner: 'consEligibilityOwner',
};
/** Photos one comment may carry (the API takes nine; four keep the composer short). */
const MAX_COMMENT_PHOTOS = 4;

const KIND_NAMES: Record<Comment['kind'], MessageKey> = {
  comment: 'consCommentKindComment',
  proposal: 'consCommentKindProposal',
  reply: 'consCommentKindReply',
};

/** Whom I may vote for (myself, an elder who confirmed me) and the ballots already in. */
function MyVote({ c, onVote }: { c: Consultation; onVote: (voter: Consultation['voteAs'][number]) => void }) {
  const canVote = c.actions.includes('vote') || c.actions.includes('changeVote');
  if (c.voteAs.length === 0 && c.myBallots.length === 0) return null;
  return (
    <Card title={t('consVote')} variant={canVote ? 'highlight' : 'plain'} testId="my-vote">
      {c.myBallots.map((b) => (
        <ListItem
          key={`${b.householdId ?? ''}${b.castAt}`}
          testId="my-ballot"
          title={t('consVoted', { name: b.forName ?? b.householdLabel ?? t('consVoteForSelf') })}
          detail={[shanghaiTime(b.castAt), b.castByName ? t('consVotedBy', { by: b.castByName }) : '']
            .filter(Boolean)
            .join(' · ')}
          value={
            b.choices
              ? b.choices.map((id) => c.ballot.options.find((o) => o.id === id)?.label ?? id).join('、')
              : undefined
          }
        />
      ))}
      {canVote &&
        c.voteAs
          .filter((v) => !v.voted || c.actions.includes('changeVote'))
          .map((v) => (
            <Action
              key={`${v.forUserId}${v.householdId ?? ''}`}
              kind="primary"
              label={
                v.voted
                  ? t('consChangeVote')
                  : c.voteAs.length > 1
                    ? t('consVoteFor', { name: v.forName })
                    : t('consVote')
              }
              testId="vote-button"
              onTap={() => onVote(v)}
            />
          ))}
    </Card>
  );
}

/** My receipts kept on this device, and after close the check that each was counted as cast. */
function Receipts({ c, userId }: { c: Consultation; userId: string }) {
  const kept = keptReceipts(userId, c.id);
  const [code, setCode] = useState(kept[0]?.code ?? '');
  const [check, setCheck] = useState<ReceiptCheck | null>(null);
  const [error, setError] = useState<string | null>(null);
  const canCheck = c.actions.includes('verifyReceipt');
  if (kept.length === 0 && !canCheck) return null;
  const run = async () => {
    setError(null);
    setCheck(null);
    try {
      setCheck(await verifyReceipt(c.id, code.trim()));
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <Card title={t('consReceiptTitle')} testId="receipts">
      {kept.map((r) => (
        <ListItem
          key={r.forName}
          title={t('consReceiptFor', { name: r.forName })}
          value={r.code}
          valueTestId="kept-receipt"
        />
      ))}
      {!canCheck && <Text className="hint">{t('consCheckAfterClose')}</Text>}
      {canCheck && (
        <View>
          <Field
            label={t('consCheckField')}
            value={code}
            onChange={setCode}
            maxLength={40}
            testId="receipt-input"
          />
          <Action kind="primary" label={t('consCheck')} testId="receipt-check" onTap={() => void run()} />
          {check && (
            <View
              className={check.counted && check.asCast ? 'success' : 'error'}
              {...{ role: 'status' }}
              data-testid="receipt-result"
            >
              <Text>
                {check.counted && check.asCast
                  ? `✓ ${t('consCheckCounted')}`
                  : check.counted
                    ? check.message
                    : t('consCheckNotCounted')}
              </Text>
              {check.choices && (
                <Text className="hint">
                  {t('consCheckChoices', {
                    choices: check.choices
                      .map((id) => c.ballot.options.find((o) => o.id === id)?.label ?? id)
                      .join('、'),
                  })}
                </Text>
              )}
              {!(check.counted && !check.asCast) && <Text className="hint">{check.message}</Text>}
            </View>
          )}
          {error && (
            <Text className="error" {...{ role: 'alert' }}>
              {error}
            </Text>
          )}
        </View>
      )}
    </Card>
  );
}

/**
 * Who the consultation is for: 全社区, or the chosen buildings by name. Only the committee may list
 * a community's buildings, so a resident sees how many buildings were chosen instead.
 */
function Audience({ c }: { c: Consultation }) {
  const [names, setNames] = useState<Record<string, string> | null>(null);
  const chosen = c.buildingIds.join(',');
  useEffect(() => {
    if (!chosen) return;
    listBuildings(c.communityId).then(
      (all) => setNames(Object.fromEntries(all.map((b) => [b.id, b.name]))),
      () => setNames(null),
    );
  }, [c.communityId, chosen]);
  const known = names ? c.buildingIds.map((id) => names[id]).filter(Boolean) : [];
  const audience =
    c.buildingIds.length === 0
      ? t('consAudienceAll')
      : known.length === c.buildingIds.length
        ? known.join('、')
        : t('consAudienceCount', { n: c.buildingIds.length });
  return (
    <Text className="hint" data-testid="consultation-audience">
      {t('consAudience', { audience })}
    </Text>
  );
}

/** The discussion: comments and proposals, committee replies; a composer where I may write. */
function Discussion({ c, onPosted }: { c: Consultation; onPosted: () => void }) {
  const { user } = useUser();
  const comments = useRemote(() => listComments(c.id), user !== null, [consultationsChanged], c.id);
  const kinds = (['comment', 'propose', 'reply'] as const).filter((a) => c.actions.includes(a));
  const [kind, setKind] = useState<Comment['kind']>(c.actions.includes('reply') ? 'reply' : 'comment');
  const [text, setText] = useState('');
  const [replyTo, setReplyTo] = useState<Comment | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const committee = c.actions.includes('reply');
  const photos = usePhotoUploads(MAX_COMMENT_PHOTOS);

  const post = async () => {
    setBusy(true);
    setError(null);
    try {
      await postComment(c.id, {
        kind: committee ? 'reply' : kind,
        body: text,
        ...(committee && replyTo ? { replyTo: replyTo.id } : {}),
        attachmentIds: photos.ids,
      });
      setText('');
      setReplyTo(null);
      photos.clear();
      comments.reload();
      onPosted();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View>
      <SectionTitle>{t('consDiscussion')}</SectionTitle>
      <RemoteView source={comments} empty={{ title: t('consNoComments') }} cards={1}>
        {(items) => (
          <Card testId="comments">
            {items.map((m) => (
              <View key={m.id} data-testid="comment" data-kind={m.kind}>
                <ListItem
                  title={
                    m.author.committee
                      ? `${m.author.displayName}（${t('consCommittee')}）`
                      : m.author.displayName
                  }
                  detail={m.body}
                  value={<Tag label={t(KIND_NAMES[m.kind])} tone={m.kind === 'reply' ? 'info' : 'primary'} />}
                />
                <PhotoImages
                  photos={m.attachments}
                  label={(n) => t('consAttachment', { n })}
                  testId="comment-photo"
                />
                {committee && m.kind !== 'reply' && (
                  <Action
                    inline
                    label={t('consReplyTo', { name: m.author.displayName })}
                    onTap={() => setReplyTo(m)}
                  >
                    {t('consReply')}
                  </Action>
                )}
              </View>
            ))}
          </Card>
        )}
      </RemoteView>
      {kinds.length > 0 && (
        <Card testId="comment-composer">
          {!committee && c.actions.includes('propose') && (
            <Choice<Comment['kind']>
              label={t('consCommentField')}
              options={[
                { value: 'comment', label: t('consCommentKindComment') },
                { value: 'proposal', label: t('consCommentKindProposal') },
              ]}
              selected={kind}
              onSelect={setKind}
            />
          )}
          <Field
            label={replyTo ? t('consReplyTo', { name: replyTo.author.displayName }) : t('consCommentField')}
            value={text}
            onChange={setText}
            multiline
            maxLength={2000}
            error={error ?? undefined}
            testId="comment-input"
          />
          <PhotoStrip
            testId="comment-photos"
            photos={photos.photos.map((p) => ({ thumb: p.local }))}
            label={(n) => t('consPhotoLabel', { n })}
            onRemove={photos.remove}
          />
          {photos.left > 0 && (
            <Action
              kind="secondary"
              label={t('consAddPhoto')}
              busy={photos.uploading}
              busyLabel={t('consPhotoUploading')}
              testId="comment-add-photo"
              onTap={() => void photos.pick()}
            />
          )}
          <Action
            kind="primary"
            label={t('consPost')}
            busy={busy}
            disabled={text.trim() === '' || photos.uploading}
            testId="comment-post"
            onTap={() => void post()}
          />
        </Card>
      )}
    </View>
  );
}

/**
 * One consultation: what is proposed, the vote (with its confirmation and receipt), my receipts
 * and their check, the result where it may be shown, the discussion; for the committee the
 * lifecycle moves and the live dashboard. Live: a status change or turnout move refetches.
 */
export default function ConsultationDetailPage() {
  usePreferences();
  const { user } = useUser();
  const { id = '' } = useRouter().params;
  const view = useRemote(() => getConsultation(id), user !== null && id !== '', [consultationsChanged], id);
  const [voter, setVoter] = useState<Consultation['voteAs'][number] | null>(null);
  const [moving, setMoving] = useState<ConsultationTransition | null>(null);

  const move = async (c: Consultation, action: ConsultationTransition) => {
    const { confirm } = await Taro.showModal({
      title: t('consMoveConfirm', { action: t(MOVE_NAMES[action]) }),
      content: c.title,
    });
    if (!confirm) return;
    setMoving(action);
    try {
      await transition(c.id, action);
    } catch (e) {
      void Taro.showToast({ title: messageOf(e), icon: 'none', duration: 3000 });
    } finally {
      setMoving(null);
      view.reload();
    }
  };

  return (
    <Page title="consTitle">
      <RemoteView source={view} isEmpty={() => false} empty={{ title: t('consEmpty') }} cards={3}>
        {(c) => (
          <View data-testid="consultation" data-status={c.status}>
            <PageHeader
              title={c.title}
              subtitle={`${t(ELIGIBILITY_NAMES[c.eligibility])} · ${t('consClosesAt', { when: shanghaiTime(c.votingClosesAt) })}`}
              action={<StatusBadge state={c.status} label={c.statusName} testId="consultation-status" />}
            />
            <Card>
              {c.matterName && <Text className="strong">{t('consMatter', { matter: c.matterName })}</Text>}
              <Audience c={c} />
              <Text className="notice-body">{c.body}</Text>
              <PhotoImages photos={c.attachments} label={(n) => t('consAttachment', { n })} />
              {c.turnout && (
                <ProgressBar
                  label={t('consDashboard')}
                  value={c.turnout.voted}
                  max={c.turnout.eligible}
                  valueText={t('consTurnoutLine', c.turnout)}
                />
              )}
              {c.resultsHidden && !c.results && c.status === 'voting' && (
                <Text className="hint">{t('consResultHiddenUntilClose')}</Text>
              )}
            </Card>
            {c.status === 'draft' && <Text className="hint">{t('consDraftNote')}</Text>}
            {(c.actions.includes('viewTurnout') ||
              c.actions.includes('edit') ||
              c.actions.some((a) => CONSULTATION_TRANSITIONS.includes(a as ConsultationTransition))) && (
              <Card testId="committee-actions">
                {c.actions.includes('edit') && (
                  <ListItem
                    icon="compose"
                    title={t('consEditAction')}
                    testId="edit-link"
                    onTap={() =>
                      void Taro.navigateTo({
                        url: `/packages/consultations/pages/compose/index?id=${c.id}`,
                      })
                    }
                  />
                )}
                {c.actions.includes('viewTurnout') && (
                  <ListItem
                    icon="chart"
                    title={t('consDashboard')}
                    testId="dashboard-link"
                    onTap={() =>
                      void Taro.navigateTo({
                        url: `/packages/consultations/pages/dashboard/index?id=${c.id}`,
                      })
                    }
                  />
                )}
                {CONSULTATION_TRANSITIONS.filter((a) => c.actions.includes(a)).map((a) => (
                  <Action
                    key={a}
                    kind={a === 'close' ? 'danger' : 'secondary'}
                    label={t(MOVE_NAMES[a])}
                    busy={moving === a}
                    testId={`move-${a}`}
                    onTap={() => void move(c, a)}
                  />
                ))}
              </Card>
            )}
            <MyVote c={c} onVote={setVoter} />
            {user && <Receipts key={`${c.id}${c.status}`} c={c} userId={user.id} />}
            {c.results && <ResultsView results={c.results} options={c.ballot.options} />}
            <Discussion c={c} onPosted={view.reload} />
            {voter && user && (
              <VoteSheet
                consultation={c}
                voter={voter}
                userId={user.id}
                onClose={() => {
                  setVoter(null);
                  view.reload();
                }}
                onCast={view.reload}
              />
            )}
          </View>
        )}
      </RemoteView>
    </Page>
  );
}
