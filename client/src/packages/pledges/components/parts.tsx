/**
 * What several pledge pages show the same way: a need's progress bar, a pledge's card with the
 * buttons its `actions` allow, the amount a pledge to a need takes (the resident's sheet and the
 * committee's paper sheet), and the community the viewer belongs to (their first home, or the
 * community whose committee they sit on).
 */
import type { PropsWithChildren } from 'react';
import { Text, View } from '@tarojs/components';
import type { Me } from '@linli/shared/identity-api';
import type { NeedView, PledgeStatus, RedemptionStatus } from '@linli/shared/pledges';
import { Field } from '../../../components/field';
import { ProgressBar } from '../../../components/progress-bar';
import { StatusBadge, Tag } from '../../../components/status-badge';
import { t, type MessageKey } from '../../../i18n';
import { formatFen, parseYuan } from '../../../services/meals-format';
import { formatDate } from '../../../services/notice-format';
import type { Pledge } from '../../../services/pledges';
import { committeeCommunityIds } from '../../../services/roles';

export const PLEDGES_ROOT = '/packages/pledges/pages';

/** The community a resident's pledge pages are about: their first home's. */
export function residentCommunityOf(user: Me | null): string {
  return user?.homes[0]?.communityId ?? '';
}

/** The community a committee member runs (their first committee grant). */
export function committeeCommunityOf(user: Me | null): string {
  return user ? (committeeCommunityIds(user)[0] ?? '') : '';
}

function needTitle(need: NeedView): string {
  const key: MessageKey =
    need.kind === 'money'
      ? 'pledgesNeedMoney'
      : need.kind === 'goods'
        ? 'pledgesNeedGoods'
        : 'pledgesNeedLabour';
  return t(key, { label: need.label });
}

/** One need's progress: pledged against its target, with what was received and what is still open. */
export function NeedProgress({ need, children }: PropsWithChildren<{ need: NeedView }>) {
  const valueText =
    need.kind === 'money'
      ? `${formatFen(need.pledged)} / ${formatFen(need.target)}`
      : need.kind === 'goods'
        ? `${need.pledged} / ${need.target}${need.unit ?? ''}`
        : t('pledgesPeopleUnit', { value: need.pledged, max: need.target });
  return (
    <View className="pledge-need" data-testid="need" data-kind={need.kind} data-need-id={need.id}>
      <ProgressBar label={needTitle(need)} value={need.pledged} max={need.target} valueText={valueText} />
      <Text
        className="hint"
        data-testid="need-figures"
        data-pledged={need.pledged}
        data-received={need.received}
      >
        {need.kind === 'labour' && need.startsAt && need.endsAt
          ? `${t('pledgesSlotTime', { start: formatDate(need.startsAt), end: formatDate(need.endsAt).slice(11) })} · `
          : ''}
        {t('pledgesReceived', {
          received: need.kind === 'money' ? formatFen(need.received) : String(need.received),
        })}
        {need.kind !== 'money' && need.remaining > 0
          ? ` · ${t('pledgesRemaining', { remaining: need.remaining })}`
          : ''}
      </Text>
      {children}
    </View>
  );
}

const PLEDGE_STATUS_KEYS: Record<PledgeStatus, MessageKey> = {
  conditional: 'pledgeStatusConditional',
  pledged: 'pledgeStatusPledged',
  fulfilled: 'pledgeStatusFulfilled',
  withdrawn: 'pledgeStatusWithdrawn',
  dropped: 'pledgeStatusDropped',
};
export const pledgeStatusName = (status: PledgeStatus) => t(PLEDGE_STATUS_KEYS[status]);

const REDEMPTION_STATUS_KEYS: Record<RedemptionStatus, MessageKey> = {
  placing: 'redemptionStatusPlacing',
  pending: 'redemptionStatusPending',
  confirmed: 'redemptionStatusConfirmed',
  refused: 'redemptionStatusRefused',
  failed: 'redemptionStatusFailed',
};
export const redemptionStatusName = (status: RedemptionStatus) => t(REDEMPTION_STATUS_KEYS[status]);

/** A pledge's amount as a person reads it (¥50, 5袋, one place in a slot). */
export function pledgeAmount(pledge: Pledge): string {
  if (pledge.kind === 'money') return formatFen(pledge.quantity);
  if (pledge.kind === 'goods') return String(pledge.quantity);
  return t('pledgesOnePlace');
}

/**
 * The quantity a pledge to this need sends, from what was typed: fen for money (typed in yuan,
 * parsed exactly), a count for goods, one place for labour. Null when it is not a positive amount.
 */
export function pledgeQuantity(need: NeedView, typed: string): number | null {
  const quantity =
    need.kind === 'labour' ? 1 : need.kind === 'money' ? parseYuan(typed) : Number.parseInt(typed, 10);
  return quantity !== null && quantity > 0 ? quantity : null;
}

/** What to say under the amount when pledgeQuantity refused it. */
export const badQuantityMessage = (need: NeedView) =>
  t(need.kind === 'money' ? 'pledgesBadYuan' : 'pledgesBadNumber');

/** The amount field of a pledge to a need (yuan for money, a count for goods); labour has none. */
export function NeedAmountField({
  need,
  value,
  error,
  testId,
  onChange,
}: {
  need: NeedView;
  value: string;
  error?: string;
  testId: string;
  onChange: (value: string) => void;
}) {
  if (need.kind === 'labour') return null;
  return (
    <Field
      label={need.kind === 'money' ? t('pledgesAmountYuan') : t('pledgesQuantity', { unit: need.unit ?? '' })}
      value={value}
      type={need.kind === 'money' ? 'digit' : 'number'}
      testId={testId}
      error={error}
      onChange={onChange}
    />
  );
}

/** A pledge with its state, conditions, fulfilment and points; the buttons come as children. */
export function PledgeCard({
  pledge,
  showProject,
  who,
  children,
}: PropsWithChildren<{ pledge: Pledge; showProject?: boolean; who?: string }>) {
  const minutes = pledge.minutes ?? 0;
  return (
    <View
      className="card"
      data-testid="pledge"
      data-pledge-id={pledge.id}
      data-kind={pledge.kind}
      data-status={pledge.status}
    >
      <View className="menu-head">
        <Text className="tile-name">{showProject ? pledge.projectTitle : (who ?? pledge.pledgerName)}</Text>
        <StatusBadge state={pledge.status} label={pledgeStatusName(pledge.status)} testId="pledge-status" />
      </View>
      <Text className="booking-line">
        {t('pledgesPledgeLine', { need: pledge.needLabel, amount: pledgeAmount(pledge) })}
      </Text>
      {pledge.condition && (
        <Text className="hint">
          {t('pledgesConditionLine', {
            n: pledge.condition.atLeast,
            scope: t(pledge.condition.scope === 'building' ? 'pledgesScopeBuilding' : 'pledgesScopeProject'),
          })}
        </Text>
      )}
      {pledge.paper && <Tag label={t('pledgesPaper')} tone="info" />}
      {pledge.checkedInAt && (
        <Text className="hint" data-testid="checked-in">
          {t('pledgesCheckedIn', { time: formatDate(pledge.checkedInAt) })}
        </Text>
      )}
      {pledge.checkedOutAt && (
        <Text className="hint" data-testid="checked-out">
          {t('pledgesCheckedOut', {
            time: formatDate(pledge.checkedOutAt),
            hours: Math.floor(minutes / 60),
            minutes: minutes % 60,
          })}
        </Text>
      )}
      {pledge.points !== undefined && pledge.points > 0 && (
        <Text className="hint" data-testid="pledge-points">
          {t('pledgesPointsEarned', { points: pledge.points })}
        </Text>
      )}
      {pledge.droppedReason && <Text className="hint">{pledge.droppedReason}</Text>}
      {children}
    </View>
  );
}
