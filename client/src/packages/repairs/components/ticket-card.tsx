import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { OPEN_TICKET_STATUSES, type TicketView } from '@linli/shared/repairs';
import { roleOf } from '../../../components/a11y';
import { Card } from '../../../components/card';
import { StatusBadge, Tag } from '../../../components/status-badge';
import { Timeline } from '../../../components/timeline';
import { t } from '../../../i18n';
import { shanghaiTime, ticketStatusName, timelineOf, urgencyName } from '../../../services/repairs-labels';

export const detailUrl = (id: string) => `/packages/repairs/pages/detail/index?id=${id}`;

/**
 * One ticket in a list: its category and state, where, when it is due (flagged when overdue), who
 * has it; `withTimeline` adds its history. A tap opens the ticket.
 */
export function TicketCard({
  ticket,
  withTimeline = false,
  children,
}: {
  ticket: TicketView;
  withTimeline?: boolean;
  children?: React.ReactNode;
}) {
  const where =
    ticket.area === 'home'
      ? t('repairsWhereHome')
      : [ticket.buildingName, ticket.place].filter(Boolean).join(' ');
  return (
    <Card
      variant={ticket.overdue ? 'flagged' : 'plain'}
      testId="ticket"
      data={{ 'ticket-id': ticket.id, status: ticket.status }}
    >
      <View
        className="menu-head ticket-head"
        {...roleOf('button')}
        ariaLabel={`${ticket.category.name} ${ticketStatusName(ticket.status)}`}
        data-testid="open-ticket"
        onClick={() => void Taro.navigateTo({ url: detailUrl(ticket.id) })}
      >
        <Text className="card-title">{ticket.category.name} ›</Text>
        <StatusBadge state={ticket.status} label={ticketStatusName(ticket.status)} testId="ticket-status" />
      </View>
      <Text className="list-item-detail">{ticket.description}</Text>
      {where && <Text className="list-item-detail">{where}</Text>}
      <View>
        <Tag label={urgencyName(ticket.urgency)} tone={ticket.urgency === 'normal' ? 'neutral' : 'warning'} />
        {ticket.overdue && <Tag label={t('repairsOverdue')} tone="danger" />}
        {ticket.meTooCount > 0 && (
          <Tag label={t('repairsMeTooCount', { count: ticket.meTooCount })} tone="info" />
        )}
      </View>
      {OPEN_TICKET_STATUSES.includes(ticket.status) && (
        <Text className="list-item-detail" data-testid="ticket-due">
          {t('repairsDue', { time: shanghaiTime(ticket.dueAt) })}
        </Text>
      )}
      {ticket.assignee && (
        <Text className="list-item-detail">{t('repairsAssignee', { name: ticket.assignee.name })}</Text>
      )}
      {withTimeline && <Timeline label={t('repairsTimeline')} entries={timelineOf(ticket)} />}
      {children}
    </Card>
  );
}
