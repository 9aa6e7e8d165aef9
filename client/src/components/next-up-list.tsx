import { useState } from 'react';
import Taro from '@tarojs/taro';
import type { NextUpItem, NextUpService } from '@linli/shared/next-up';
import { useRemote } from '../hooks/use-remote';
import { t } from '../i18n';
import { shanghaiTime } from '../services/consultations-format';
import { myNextUp, nextUpChanged, nextUpUrl } from '../services/next-up';
import type { IconName } from './icon';
import { ListItem } from './list-item';

/** Home shows this many open requests; a "more" row opens the rest in place. */
export const NEXT_UP_SHOWN = 3;

/** Which of the (server-sorted) items show, and how many the "more" row stands for. */
export function nextUpRows<T>(items: readonly T[], expanded: boolean, shown = NEXT_UP_SHOWN) {
  if (expanded || items.length <= shown) return { rows: [...items], more: 0 };
  return { rows: items.slice(0, shown), more: items.length - shown };
}

const ICONS: Record<NextUpService, IconName> = {
  // The emergency icon is drawn white for the red banner; here it stands on a white row.
  emergency: 'error',
  repairs: 'repairs',
  daycare: 'daycare',
  consultations: 'votes',
  pledges: 'pledges',
};

/**
 * `at` means a deadline for what waits on me (voting closes, an offer lapses) and for a ticket
 * others work on (its due time), and the moment itself for a visit, a labour slot or my call.
 */
function whenOf(item: NextUpItem & { at: string }): string {
  const time = shanghaiTime(item.at);
  if (item.urgency === 'yourTurn') return t('nextUpCloses', { time });
  if (item.kind === 'repairTicket') return t('nextUpDue', { time });
  return time;
}

function detailOf(item: NextUpItem): string {
  return item.at ? `${item.stateLabel} · ${whenOf({ ...item, at: item.at })}` : item.stateLabel;
}

/**
 * Home's open requests (rows inside the "next for me" card): most urgent first, each one tap from
 * its page. Refetched when Home shows again and, debounced, when a live event concerns the person.
 * A failure says so with a retry; nothing open shows nothing (the meal and notices rows stay).
 */
export function NextUpList({ userId }: { userId: string }) {
  const next = useRemote(myNextUp, true, [nextUpChanged], userId);
  const [expanded, setExpanded] = useState(false);
  if (next.error && !next.data)
    return (
      <ListItem
        icon="error"
        title={next.error}
        label={next.error}
        testId="next-up-error"
        onTap={next.reload}
      />
    );
  const { rows, more } = nextUpRows(next.data?.items ?? [], expanded);
  return (
    <>
      {rows.map((item) => {
        const detail = detailOf(item);
        return (
          <ListItem
            key={`${item.kind}:${item.targetId}`}
            icon={ICONS[item.service]}
            title={item.title}
            detail={detail}
            label={`${item.title}，${detail}`}
            testId={`next-up-${item.kind}`}
            onTap={() => void Taro.navigateTo({ url: nextUpUrl(item) })}
          />
        );
      })}
      {more > 0 && (
        <ListItem
          title={t('nextUpMore', { count: more })}
          label={t('nextUpMore', { count: more })}
          testId="next-up-more"
          onTap={() => setExpanded(true)}
        />
      )}
    </>
  );
}
