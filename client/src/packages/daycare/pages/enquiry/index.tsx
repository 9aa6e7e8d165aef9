import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { DAYCARE_CONSENT, type EnquiryView } from '@linli/shared/daycare';
import { Action, ButtonRow } from '../../../../components/action';
import { Card } from '../../../../components/card';
import { Choice } from '../../../../components/choice';
import { Field } from '../../../../components/field';
import { ListItem } from '../../../../components/list-item';
import { Page } from '../../../../components/page';
import { PageHeader, SectionTitle } from '../../../../components/page-header';
import { RatingPrompt } from '../../../../components/rating-prompt';
import { RemoteView } from '../../../../components/remote-view';
import { StatusBadge } from '../../../../components/status-badge';
import { Timeline } from '../../../../components/timeline';
import { Toggle } from '../../../../components/toggle';
import { useRemote } from '../../../../hooks/use-remote';
import { useUser } from '../../../../hooks/use-user';
import { usePreferences } from '../../../../hooks/use-preferences';
import { t, type MessageKey } from '../../../../i18n';
import { messageOf } from '../../../../services/api-error';
import {
  daycareChanged,
  enquiry as fetchEnquiry,
  markRead,
  messages as fetchMessages,
  move,
  sendMessage,
  settings,
  shanghaiTime,
  visitSlots,
  waitlist,
  type Move,
} from '../../../../services/daycare';
import { scheduleName } from '../../components';

/** Moves that need nothing but a tap (and, for the ones that end something, a confirmation). */
const SIMPLE_MOVES: {
  action: Move;
  label: MessageKey;
  kind: 'primary' | 'secondary' | 'danger';
  ask?: MessageKey;
}[] = [
  { action: 'accept', label: 'daycareAccept', kind: 'primary' },
  { action: 'markVisited', label: 'daycareMarkVisited', kind: 'primary' },
  { action: 'offer', label: 'daycareOffer', kind: 'primary' },
  { action: 'waitlist', label: 'daycareWaitlist', kind: 'secondary' },
  { action: 'cancelVisit', label: 'daycareCancelVisit', kind: 'secondary', ask: 'daycareCancelVisitAsk' },
  { action: 'declineOffer', label: 'daycareDeclineOffer', kind: 'danger', ask: 'daycareDeclineOfferAsk' },
  { action: 'withdraw', label: 'daycareWithdraw', kind: 'danger', ask: 'daycareWithdrawAsk' },
];

async function loadAll(id: string) {
  const e = await fetchEnquiry(id);
  const [conversation, slots, place, templates] = await Promise.all([
    e.status === 'prepared' ? Promise.resolve([]) : fetchMessages(id),
    e.actions.includes('bookVisit') ? visitSlots(e.providerId) : Promise.resolve([]),
    e.status === 'waitlisted' ? waitlist(id).catch(() => null) : Promise.resolve(null),
    e.actions.includes('reply')
      ? settings(e.providerId).then(
          (s) => s.replyTemplates,
          () => [],
        )
      : Promise.resolve([]),
  ]);
  if (e.unread > 0) void markRead(id).catch(() => undefined);
  return { enquiry: e, conversation, slots, place, templates };
}

function Facts({ e }: { e: EnquiryView }) {
  return (
    <Card>
      <ListItem title={t('daycareCentre')} value={e.centreName} />
      <ListItem
        title={t('daycareChild')}
        value={e.childErased ? t('daycareChildErased') : `${e.child.nickname} · ${e.child.birthMonth}`}
      />
      <ListItem title={t('daycareClass')} value={e.className ?? '—'} testId="daycare-enquiry-class" />
      <ListItem title={t('daycareDesiredStart')} value={`${e.desiredStart} · ${scheduleName(e.schedule)}`} />
      {e.visit && (
        <ListItem
          title={t('daycareVisit')}
          value={shanghaiTime(e.visit.startsAt)}
          testId="daycare-visit-time"
        />
      )}
      {e.offerExpiresAt && (
        <ListItem title={t('daycareOfferExpires')} value={shanghaiTime(e.offerExpiresAt)} />
      )}
      {e.declineReason && <ListItem title={t('daycareDeclineReason')} detail={e.declineReason} />}
      {e.questions && <ListItem title={t('daycareQuestions')} detail={e.questions} />}
    </Card>
  );
}

/**
 * One enquiry, for the family and for the centre alike: its facts, the status timeline, the
 * conversation (live both ways) and exactly the moves the server lists for this person now, from
 * booking a visit and answering an offer to replying, marking a visit and offering a place.
 */
export default function DaycareEnquiryPage() {
  const { locale } = usePreferences();
  const { user } = useUser();
  const { id = '' } = useRouter().params;
  const source = useRemote(() => loadAll(id), user !== null && id !== '', [daycareChanged], id);
  const [text, setText] = useState('');
  const [reason, setReason] = useState('');
  const [agreed, setAgreed] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => setFailure(null), [source.data?.enquiry.status]);

  const run = async (key: string, work: () => Promise<unknown>, ask?: MessageKey) => {
    if (ask) {
      const { confirm } = await Taro.showModal({ title: t(ask), content: '' });
      if (!confirm) return;
    }
    setBusy(key);
    setFailure(null);
    try {
      await work();
      daycareChanged.emit();
    } catch (e) {
      setFailure(messageOf(e));
      source.reload();
    } finally {
      setBusy(null);
    }
  };

  return (
    <Page title="daycareEnquiryTitle">
      <RemoteView source={source} isEmpty={() => false} empty={{ title: '' }}>
        {({ enquiry: e, conversation, slots, place, templates }) => {
          const centreSide = (user?.grants ?? []).some(
            (g) => g.role === 'operator' && g.providerId === e.providerId,
          );
          return (
            <View data-testid="daycare-enquiry" data-status={e.status}>
              <PageHeader
                title={centreSide ? e.child.nickname : t('daycareEnquiryFor', { nickname: e.child.nickname })}
                subtitle={t('daycarePreference', { n: e.preference, name: e.centreName })}
                action={<StatusBadge state={e.status} label={e.statusLabel} testId="daycare-status" />}
              />
              {failure && (
                <Text className="error" {...{ role: 'alert' }} data-testid="daycare-action-error">
                  {failure}
                </Text>
              )}
              {/* Due once the centre marked the visit, for the family (asked again as the status moves). */}
              {!centreSide && <RatingPrompt service="daycare" itemIds={[e.id]} refreshKey={e.status} />}
              <Facts e={e} />

              {place && (
                <Card title={t('daycareWaitlistTitle')} variant="highlight" testId="daycare-waitlist">
                  <Text className="strong" data-testid="daycare-waitlist-position">
                    {t('daycarePosition', {
                      position: place.position,
                      of: place.of,
                      className: place.className,
                    })}
                  </Text>
                  <Text className="hint" data-testid="daycare-waitlist-window">
                    {place.summary}
                  </Text>
                  <Text className="hint">{place.basedOn.explanation}</Text>
                </Card>
              )}

              {e.actions.includes('confirm') && (
                <Card title={t('daycareConfirmTitle')} variant="outlined" testId="daycare-confirm">
                  <Text className="hint">{DAYCARE_CONSENT.text[locale]}</Text>
                  <Toggle label={t('daycareConsentAgree')} on={agreed} onChange={setAgreed} />
                  <Action
                    kind="primary"
                    label={t('daycareConfirm')}
                    disabled={!agreed}
                    busy={busy === 'confirm'}
                    testId="daycare-confirm-send"
                    onTap={() =>
                      void run('confirm', () =>
                        move(e.id, 'confirm', {
                          consent: { version: DAYCARE_CONSENT.version, agreed: true },
                        }),
                      )
                    }
                  />
                </Card>
              )}

              {e.actions.includes('bookVisit') && (
                <Card title={t('daycareBookVisit')} variant="outlined" testId="daycare-book">
                  {slots.length === 0 && <Text className="hint">{t('daycareNoSlots')}</Text>}
                  {slots.map((slot) => (
                    <ListItem
                      key={slot.id}
                      testId="daycare-slot"
                      title={shanghaiTime(slot.startsAt)}
                      detail={t('daycareSlotLeft', { left: slot.left, places: slot.places })}
                      value={
                        <Action
                          inline
                          kind="primary"
                          label={t('daycareBookSlot', { time: shanghaiTime(slot.startsAt) })}
                          disabled={!slot.actions.includes('book')}
                          busy={busy === slot.id}
                          testId="daycare-book-slot"
                          onTap={() => void run(slot.id, () => move(e.id, 'bookVisit', { slotId: slot.id }))}
                        >
                          {t('daycareBook')}
                        </Action>
                      }
                    />
                  ))}
                </Card>
              )}

              {e.actions.includes('reply') && (
                <Card title={t('daycareReply')} variant="outlined" testId="daycare-reply">
                  {templates.length > 0 && (
                    <Choice
                      label={t('daycareTemplates')}
                      options={templates.map((tpl) => ({ value: tpl.text, label: tpl.title }))}
                      selected={null}
                      onSelect={setText}
                    />
                  )}
                  <Field
                    label={t('daycareReplyText')}
                    value={text}
                    onChange={setText}
                    multiline
                    maxLength={1000}
                    testId="daycare-reply-text"
                  />
                  <Action
                    kind="primary"
                    label={t('daycareReplySend')}
                    disabled={text.trim() === ''}
                    busy={busy === 'reply'}
                    testId="daycare-reply-send"
                    onTap={() =>
                      void run('reply', async () => {
                        await move(e.id, 'reply', { text: text.trim() });
                        setText('');
                      })
                    }
                  />
                </Card>
              )}

              <ButtonRow>
                {SIMPLE_MOVES.filter((m) => e.actions.includes(m.action)).map((m) => (
                  <Action
                    key={m.action}
                    kind={m.kind}
                    label={t(m.label)}
                    busy={busy === m.action}
                    testId={`daycare-${m.action}`}
                    onTap={() => void run(m.action, () => move(e.id, m.action), m.ask)}
                  />
                ))}
              </ButtonRow>

              {e.status !== 'prepared' && (
                <>
                  <SectionTitle>{t('daycareConversation')}</SectionTitle>
                  <Card testId="daycare-conversation">
                    {conversation.length === 0 && <Text className="hint">{t('daycareNoMessages')}</Text>}
                    {conversation.map((m) => (
                      <View
                        key={m.id}
                        className={`daycare-message ${m.mine ? 'daycare-message-mine' : 'daycare-message-theirs'}`}
                        data-testid="daycare-message"
                      >
                        <View>
                          <Text className="label">
                            {t(m.from === 'centre' ? 'daycareFromCentre' : 'daycareFromFamily')} ·{' '}
                            {shanghaiTime(m.at)}
                          </Text>
                        </View>
                        <Text>{m.text}</Text>
                      </View>
                    ))}
                    {e.actions.includes('message') && !e.actions.includes('reply') && (
                      <View>
                        <Field
                          label={t('daycareMessage')}
                          value={text}
                          onChange={setText}
                          multiline
                          maxLength={1000}
                          testId="daycare-message-text"
                        />
                        <Action
                          kind="secondary"
                          label={t('daycareMessageSend')}
                          disabled={text.trim() === ''}
                          busy={busy === 'message'}
                          testId="daycare-message-send"
                          onTap={() =>
                            void run('message', async () => {
                              await sendMessage(e.id, text.trim());
                              setText('');
                            })
                          }
                        />
                      </View>
                    )}
                  </Card>
                </>
              )}

              {e.actions.includes('decline') && (
                <Card title={t('daycareDecline')}>
                  <Field
                    label={t('daycareDeclineReason')}
                    value={reason}
                    onChange={setReason}
                    maxLength={200}
                    testId="daycare-decline-reason"
                  />
                  <Action
                    kind="danger"
                    label={t('daycareDecline')}
                    disabled={reason.trim() === ''}
                    busy={busy === 'decline'}
                    testId="daycare-decline"
                    onTap={() =>
                      void run(
                        'decline',
                        () => move(e.id, 'decline', { reason: reason.trim() }),
                        'daycareDeclineAsk',
                      )
                    }
                  />
                </Card>
              )}

              <SectionTitle>{t('daycareTimeline')}</SectionTitle>
              <Card>
                <Timeline
                  label={t('daycareTimeline')}
                  entries={[
                    { state: 'new', title: t('daycareCreated'), time: shanghaiTime(e.createdAt) },
                    ...e.history.map((h) => ({
                      state: h.to,
                      title: h.label,
                      time: shanghaiTime(h.at),
                      detail: h.note,
                    })),
                  ]}
                />
              </Card>
            </View>
          );
        }}
      </RemoteView>
    </Page>
  );
}
