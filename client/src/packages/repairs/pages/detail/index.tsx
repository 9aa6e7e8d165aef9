import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import type { FollowUpAnswer, TicketAction, TicketView } from '@linli/shared/repairs';
import { Action, ButtonRow } from '../../../../components/action';
import { BottomSheet } from '../../../../components/bottom-sheet';
import { Card } from '../../../../components/card';
import { Choice } from '../../../../components/choice';
import { Field } from '../../../../components/field';
import { ListItem } from '../../../../components/list-item';
import { Page } from '../../../../components/page';
import { PageHeader, SectionTitle } from '../../../../components/page-header';
import { PhotoStrip } from '../../../../components/photo-strip';
import { RatingPrompt } from '../../../../components/rating-prompt';
import { RemoteView } from '../../../../components/remote-view';
import { ServiceScore } from '../../../../components/service-score';
import { StatusBadge, Tag } from '../../../../components/status-badge';
import { Timeline } from '../../../../components/timeline';
import { useRemote } from '../../../../hooks/use-remote';
import { useUser } from '../../../../hooks/use-user';
import { t } from '../../../../i18n';
import { messageOf } from '../../../../services';
import { parseYuan } from '../../../../services/meals-format';
import {
  answerFollowUp,
  getTicket,
  meToo,
  moveTicket,
  repairsChanged,
  technicians,
} from '../../../../services/repairs';
import {
  actionName,
  buttonsOf,
  inputFor,
  quoteText,
  shanghaiTime,
  ticketStatusName,
  timelineOf,
  urgencyName,
  type TicketButton,
} from '../../../../services/repairs-labels';

interface Sheet {
  action: TicketAction;
  technicianId: string | null;
  amount: string;
  note: string;
  rating: string | null;
  people: { id: string; name: string }[];
}

/**
 * One ticket: its state and due time, photos, details, the whole history as a timeline, and the
 * moves this person may make now (the presenter's actions; nothing else is offered). A move that
 * needs more (a technician, a price, a reason, a rating) asks for it in a sheet. Live: a change by
 * anyone else refetches it in place.
 */
export default function TicketDetailPage() {
  const { user } = useUser();
  const id = useRouter().params.id ?? '';
  const ticket = useRemote(() => getTicket(id), Boolean(user && id), [repairsChanged], id);
  const [busy, setBusy] = useState<string | null>(null);
  const [sheet, setSheet] = useState<Sheet | null>(null);

  const run = async (key: string, call: () => Promise<TicketView>) => {
    setBusy(key);
    try {
      await call();
      setSheet(null);
      void Taro.showToast({ title: t('repairsDone'), icon: 'none' });
    } catch (e) {
      void Taro.showToast({ title: messageOf(e), icon: 'none', duration: 3000 });
    } finally {
      setBusy(null);
      ticket.reload();
    }
  };

  const tap = async (view: TicketView, action: TicketButton) => {
    if (action === 'meToo') return run(action, () => meToo(view.id));
    if (action === 'followUp') return undefined;
    const needs = inputFor(action);
    if (needs === null) return run(action, () => moveTicket(view.id, { action }));
    const people =
      needs === 'technician' ? await technicians(view.communityId, view.providerId).catch(() => []) : [];
    setSheet({ action, technicianId: null, amount: '', note: '', rating: null, people });
    return undefined;
  };

  const send = (view: TicketView, s: Sheet) => {
    const amountFen = parseYuan(s.amount);
    return run(s.action, () =>
      moveTicket(view.id, {
        action: s.action,
        note: s.note.trim(),
        ...(s.technicianId ? { technicianId: s.technicianId } : {}),
        ...(s.action === 'quote' && amountFen !== null ? { amountFen } : {}),
        ...(s.rating ? { rating: Number(s.rating) } : {}),
      }),
    );
  };

  const ready = (s: Sheet) =>
    (inputFor(s.action) !== 'technician' || s.technicianId !== null) &&
    (inputFor(s.action) !== 'amount' || (parseYuan(s.amount) ?? 0) > 0) &&
    (inputFor(s.action) !== 'reason' || s.note.trim().length > 0) &&
    (inputFor(s.action) !== 'rating' || s.rating !== null);

  return (
    <Page className="repairs" title="repairsDetail">
      <RemoteView source={ticket} isEmpty={() => false} empty={{ title: '' }} cards={2}>
        {(view) => (
          <View data-testid="ticket-detail" data-status={view.status}>
            <PageHeader
              title={view.category.name}
              subtitle={
                view.area === 'home'
                  ? t('repairsWhereHome')
                  : [view.buildingName, view.place].filter(Boolean).join(' ')
              }
              action={
                <StatusBadge
                  state={view.status}
                  label={ticketStatusName(view.status)}
                  testId="detail-status"
                />
              }
            />
            {/* Due once the ticket is closed (asked again when its status changes), for the reporter only. */}
            <RatingPrompt service="repairs" itemIds={[view.id]} refreshKey={view.status} />
            <Card variant={view.overdue ? 'flagged' : 'plain'}>
              <Text className="booking-line">{view.description}</Text>
              <View>
                <Tag
                  label={urgencyName(view.urgency)}
                  tone={view.urgency === 'normal' ? 'neutral' : 'warning'}
                />
                {view.overdue && <Tag label={t('repairsOverdue')} tone="danger" />}
                {view.escalated && <Tag label={t('repairsEscalated')} tone="danger" />}
                {view.filedByStaff && <Tag label={t('repairsFiledByStaff')} tone="info" />}
              </View>
              <PhotoStrip
                testId="ticket-photos"
                photos={view.photos.map((p) => ({ thumb: p.thumbUrl, full: p.url }))}
                label={(n) => t('repairsPhotoLabel', { n })}
              />
              <ListItem title={t('repairsDue', { time: shanghaiTime(view.dueAt) })} testId="detail-due" />
              {view.reporterName && <ListItem title={t('repairsReporter', { name: view.reporterName })} />}
              {/* The property team's score from residents' ratings of its closed tickets. */}
              <ServiceScore service="repairs" providerId={view.providerId} />
              {view.assignee && (
                <ListItem
                  title={t('repairsAssignee', { name: view.assignee.name })}
                  testId="detail-assignee"
                />
              )}
              {view.meTooCount > 0 && (
                <ListItem title={t('repairsMeTooCount', { count: view.meTooCount })} testId="detail-me-too" />
              )}
              {view.quote && (
                <ListItem
                  title={quoteText(view.quote.amountFen)}
                  value={view.quote.approved === null ? t('repairsQuoteWaiting') : undefined}
                  testId="detail-quote"
                />
              )}
              {view.rating !== null && (
                <ListItem
                  title={t('repairsRated', { rating: view.rating })}
                  detail={view.comment ?? undefined}
                  testId="detail-rating"
                />
              )}
              {view.preferredTimes.map((p) => (
                <ListItem key={p} title={t('repairsPreferredTime')} value={p} />
              ))}
              {Object.keys(view.fields).length > 0 && (
                <ListItem
                  title={t('repairsFieldsTitle')}
                  detail={Object.values(view.fields)
                    .map((value) => (Array.isArray(value) ? value.join('、') : String(value)))
                    .join(' · ')}
                />
              )}
            </Card>

            {buttonsOf(view).length > 0 && (
              <View className="card" data-testid="ticket-actions">
                {buttonsOf(view).map((action, i) => (
                  <Action
                    key={action}
                    kind={
                      ['reject', 'cancel', 'declineQuote', 'reopen'].includes(action)
                        ? 'danger'
                        : i === 0
                          ? 'primary'
                          : 'secondary'
                    }
                    label={actionName(action)}
                    busy={busy === action}
                    testId={`action-${action}`}
                    onTap={() => void tap(view, action)}
                  />
                ))}
              </View>
            )}

            {view.actions.includes('followUp') && (
              <Card title={t('repairsFollowUpAsk')} variant="highlight" testId="follow-up">
                <ButtonRow>
                  {(['fixed', 'partly', 'notFixed'] as FollowUpAnswer[]).map((answer) => (
                    <Action
                      key={answer}
                      label={t(
                        answer === 'fixed'
                          ? 'repairsFollowUpFixed'
                          : answer === 'partly'
                            ? 'repairsFollowUpPartly'
                            : 'repairsFollowUpNotFixed',
                      )}
                      busy={busy === answer}
                      testId={`follow-up-${answer}`}
                      onTap={() => void run(answer, () => answerFollowUp(view.id, answer))}
                    />
                  ))}
                </ButtonRow>
              </Card>
            )}

            <SectionTitle>{t('repairsTimeline')}</SectionTitle>
            <View className="card" data-testid="ticket-timeline">
              <Timeline label={t('repairsTimeline')} entries={timelineOf(view)} />
              {view.history
                .filter((h) => h.photos.length > 0)
                .map((h, i) => (
                  <PhotoStrip
                    key={i}
                    photos={h.photos.map((p) => ({ thumb: p.thumbUrl, full: p.url }))}
                    label={(n) => `${actionName(h.action as TicketButton)} ${t('repairsPhotoLabel', { n })}`}
                  />
                ))}
            </View>

            {sheet && (
              <BottomSheet
                title={actionName(sheet.action)}
                onClose={() => setSheet(null)}
                testId="move-sheet"
              >
                {inputFor(sheet.action) === 'technician' && (
                  <Choice
                    label={t('repairsPickTechnician')}
                    testId="pick-technician"
                    options={sheet.people.map((p) => ({ value: p.id, label: p.name }))}
                    selected={sheet.technicianId}
                    onSelect={(technicianId) => setSheet({ ...sheet, technicianId })}
                  />
                )}
                {inputFor(sheet.action) === 'amount' && (
                  <Field
                    label={t('repairsAmountYuan')}
                    type="digit"
                    value={sheet.amount}
                    onChange={(amount) => setSheet({ ...sheet, amount })}
                    testId="quote-amount"
                  />
                )}
                {inputFor(sheet.action) === 'rating' && (
                  <Choice
                    label={t('repairsRating')}
                    testId="rating"
                    options={['1', '2', '3', '4', '5'].map((n) => ({
                      value: n,
                      label: t('repairsStars', { n }),
                    }))}
                    selected={sheet.rating}
                    onSelect={(rating) => setSheet({ ...sheet, rating })}
                  />
                )}
                <Field
                  label={
                    inputFor(sheet.action) === 'reason'
                      ? t('repairsReason')
                      : inputFor(sheet.action) === 'rating'
                        ? t('repairsComment')
                        : t('repairsNote')
                  }
                  value={sheet.note}
                  onChange={(note) => setSheet({ ...sheet, note })}
                  multiline
                  maxLength={500}
                  testId="move-note"
                />
                <ButtonRow>
                  <Action label={t('repairsCancel')} onTap={() => setSheet(null)} />
                  <Action
                    kind="primary"
                    label={t('repairsSend')}
                    disabled={!ready(sheet)}
                    busy={busy === sheet.action}
                    testId="move-send"
                    onTap={() => void send(view, sheet)}
                  />
                </ButtonRow>
              </BottomSheet>
            )}
          </View>
        )}
      </RemoteView>
    </Page>
  );
}
