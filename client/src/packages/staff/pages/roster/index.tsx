import { useCallback, useEffect, useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import {
  MEALS,
  MEAL_MODES,
  type DeliveryOutcome,
  type Meal,
  type MealMode,
  type RosterView,
} from '@linli/shared/meals';
import { useUser } from '../../../../hooks/use-user';
import { useMealsLive } from '../../../../hooks/use-meals';
import { t } from '../../../../i18n';
import { messageOf } from '../../../../services';
import {
  exportCsv,
  exportedMessage,
  markNoShow,
  recordDeliveryOutcome,
  roster as fetchRoster,
  rosterCsvPath,
  serve,
  subscribeMeals,
} from '../../../../services/meals';
import { addDays, parsePickupInput, shanghaiDate } from '../../../../services/meals-format';
import { mealName, modeName, chipDay, statusName } from '../../../../services/meals-labels';
import { Action, ButtonRow } from '../../../../components/action';
import { Card } from '../../../../components/card';
import { Choice } from '../../../../components/choice';
import { Field } from '../../../../components/field';
import { ListItem } from '../../../../components/list-item';
import { EmptyState, ErrorState, Skeleton } from '../../../../components/states';
import { Page } from '../../../../components/page';
import { PageHeader } from '../../../../components/page-header';
import { usePreferences } from '../../../../hooks/use-preferences';

type Entry = RosterView['entries'][number];

interface EntryActions {
  onNoShow(): void;
  onOutcome(outcome: DeliveryOutcome): void;
}

/**
 * `round`: the row sits in the delivery round, where the courier records each door (the server
 * takes an outcome only on the meal's day, so a future round shows none).
 */
function EntryRow({ entry, round, onNoShow, onOutcome }: { entry: Entry; round: boolean } & EntryActions) {
  const delivery = entry.mode === 'delivery';
  return (
    <View
      className="roster-entry"
      data-testid="roster-entry"
      data-status={entry.status}
      data-outcome={entry.deliveryOutcome ?? ''}
    >
      <View className="roster-entry-main">
        <Text className="roster-name">{entry.elder.displayName}</Text>
        <Text className={`tag booking-status status-${entry.status}`}>{statusName(entry.status)}</Text>
        <Text className="tag">{modeName(entry.mode)}</Text>
        {entry.deliveryOutcome && (
          <Text className={`tag outcome-${entry.deliveryOutcome}`} data-testid="delivery-outcome">
            {t(entry.deliveryOutcome === 'delivered' ? 'rosterOutcomeDelivered' : 'rosterOutcomeNobody')}
          </Text>
        )}
      </View>
      {entry.mode === 'delivery' && (entry.buildingName || entry.unit) && (
        <Text className="hint">
          {entry.buildingName ?? ''} {entry.unit ?? ''}
        </Text>
      )}
      {entry.dietaryNote && <Text className="roster-note">{entry.dietaryNote}</Text>}
      {entry.status === 'booked' && delivery && round && (
        <View className="btn-row">
          <Action
            inline
            kind="primary"
            label={`${t('rosterDelivered')} ${entry.elder.displayName}`}
            testId="mark-delivered"
            onTap={() => onOutcome('delivered')}
          >
            {t('rosterDelivered')}
          </Action>
          <Action
            inline
            kind="danger"
            label={`${t('rosterNobodyAnswered')} ${entry.elder.displayName}`}
            testId="mark-nobody-answered"
            onTap={() => onOutcome('nobodyAnswered')}
          >
            {t('rosterNobodyAnswered')}
          </Action>
        </View>
      )}
      {entry.status === 'booked' && !delivery && (
        <Action inline label={`${t('rosterNoShow')} ${entry.elder.displayName}`} onTap={onNoShow}>
          {t('rosterNoShow')}
        </Action>
      )}
    </View>
  );
}

/**
 * The canteen's list for one date and meal, live: counts by dish and mode, everyone booked, the
 * delivery round by building; serving by pickup code (typed, or scanned in the mini-program),
 * no-shows, and the list as a spreadsheet.
 */
export default function RosterPage() {
  // Re-renders in place when the language or care mode changes (nothing typed is lost).
  usePreferences();
  const { user } = useUser();
  const { providerId = '' } = useRouter().params;
  const today = shanghaiDate(new Date());
  const [date, setDate] = useState(today);
  const [meal, setMeal] = useState<Meal>('lunch');
  const [view, setView] = useState<RosterView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [served, setServed] = useState<string | null>(null);
  const [serveError, setServeError] = useState<string | null>(null);
  const generation = useRef(0);

  const load = useCallback(async () => {
    const mine = ++generation.current;
    try {
      const next = await fetchRoster(providerId, date, meal);
      if (mine !== generation.current) return;
      setView(next);
      setError(null);
    } catch (e) {
      if (mine === generation.current) setError(messageOf(e));
    }
  }, [providerId, date, meal]);

  const signedIn = user !== null;
  useEffect(() => {
    if (signedIn) void load();
  }, [signedIn, load]);
  // This canteen's bookings changed (the staff room) or the socket reconnected: refetch.
  useEffect(
    () =>
      subscribeMeals((change) => {
        if (change.kind === 'roster' && change.payload.providerId !== providerId) return;
        if (change.kind !== 'booking' && signedIn) void load();
      }),
    [providerId, signedIn, load],
  );
  useMealsLive(() => {
    if (signedIn) void load();
  }, []);

  const serveCode = async (input: string) => {
    setServed(null);
    setServeError(null);
    const parsed = parsePickupInput(input);
    if (!parsed) {
      setServeError(t('rosterBadCode'));
      return;
    }
    if (!view?.menuId) return;
    try {
      const booking = await serve(view.menuId, parsed.pickupCode);
      setServed(t('rosterServed', { name: booking.elder.displayName }));
      setCode('');
    } catch (e) {
      setServeError(messageOf(e));
    }
    void load();
  };

  const scan = async () => {
    try {
      const { result } = await Taro.scanCode({ onlyFromCamera: false, scanType: ['qrCode'] });
      await serveCode(result);
    } catch {
      // Scanning cancelled: nothing to do.
    }
  };

  const noShow = async (entry: Entry) => {
    const { confirm } = await Taro.showModal({
      title: t('rosterNoShowConfirm', { name: entry.elder.displayName }),
      content: '',
    });
    if (!confirm) return;
    try {
      await markNoShow(entry.bookingId);
    } catch (e) {
      void Taro.showToast({ title: messageOf(e), icon: 'none', duration: 3000 });
    }
    void load();
  };

  const outcome = async (entry: Entry, result: DeliveryOutcome) => {
    if (result === 'nobodyAnswered') {
      // This alerts the elder's family and the committee at once: never on a slipped tap.
      const { confirm } = await Taro.showModal({
        title: t('rosterNobodyConfirm', { name: entry.elder.displayName }),
        content: t('rosterNobodyConfirmText'),
      });
      if (!confirm) return;
    }
    try {
      const recorded = await recordDeliveryOutcome(entry.bookingId, result);
      if (recorded.alert)
        void Taro.showToast({ title: t('rosterAlertRaised'), icon: 'none', duration: 3000 });
    } catch (e) {
      void Taro.showToast({ title: messageOf(e), icon: 'none', duration: 3000 });
    }
    void load();
  };

  const download = async () => {
    try {
      const result = await exportCsv(rosterCsvPath(providerId, date, meal), `roster-${date}-${meal}.csv`);
      void Taro.showToast({ title: exportedMessage(result), icon: 'none', duration: 3000 });
    } catch (e) {
      void Taro.showToast({ title: messageOf(e), icon: 'none', duration: 3000 });
    }
  };

  const dates = Array.from({ length: 7 }, (_, i) => addDays(today, i));
  const counts = view?.counts;

  return (
    <Page className="meals">
      <PageHeader title={t('canteenRoster')} />
      <Choice<string>
        asTabs
        label={t('canteenRoster')}
        options={dates.map((d) => ({ value: d, label: chipDay(d, today) }))}
        selected={date}
        onSelect={setDate}
      />
      <Choice<Meal>
        asTabs
        label={t('canteenRoster')}
        options={MEALS.map((m) => ({ value: m, label: mealName(m) }))}
        selected={meal}
        onSelect={setMeal}
      />
      {error && <ErrorState message={error} onRetry={() => void load()} />}
      {!view && !error && <Skeleton cards={2} rows={3} />}
      {view && !view.menuId && <EmptyState icon="roster" title={t('rosterNoMenu')} />}
      {view?.menuId && (
        <Card title={t('rosterServeTitle')}>
          <Field
            label={t('rosterCodePlaceholder')}
            type="number"
            maxLength={6}
            value={code}
            placeholder={t('rosterCodePlaceholder')}
            testId="serve-code"
            error={serveError ?? undefined}
            onChange={setCode}
            onConfirm={() => void serveCode(code)}
          />
          <ButtonRow>
            <Action
              kind="primary"
              label={t('rosterServe')}
              testId="serve-button"
              onTap={() => void serveCode(code)}
            />
            {process.env.TARO_ENV === 'weapp' && <Action label={t('rosterScan')} onTap={() => void scan()} />}
          </ButtonRow>
          {served && (
            <View className="success" role="status" data-testid="serve-result">
              <Text>✓ {served}</Text>
            </View>
          )}
        </Card>
      )}
      {counts && view?.menuId && (
        <Card testId="roster-counts">
          <View className="card-head">
            <Text className="card-title" data-testid="roster-total">
              {t('rosterTotal', { total: counts.total })}
            </Text>
            <Text className="hint">{t('rosterLive')}</Text>
          </View>
          <View className="count-row">
            {MEAL_MODES.map((mode: MealMode) => (
              <Text className="count" key={mode}>
                {modeName(mode)} {counts.byMode[mode] ?? 0}
              </Text>
            ))}
          </View>
          <View className="count-row">
            {Object.entries(counts.byStatus).map(([status, n]) => (
              <Text className="count" key={status}>
                {statusName(status as Entry['status'])} {n}
              </Text>
            ))}
          </View>
          <Text className="field-label">{t('rosterByDish')}</Text>
          {Object.entries(counts.byDish).map(([dish, n]) => (
            <ListItem key={dish} title={dish} value={String(n)} />
          ))}
        </Card>
      )}
      {view && view.deliveries.length > 0 && (
        <Card title={t('rosterDeliveries')}>
          {view.deliveries.map((group) => (
            <View key={group.buildingName} className="delivery-group" data-testid="delivery-group">
              <Text className="field-label">
                {group.buildingName} · {group.entries.length}
              </Text>
              {group.entries.map((entry) => (
                <EntryRow
                  key={entry.bookingId}
                  entry={entry}
                  round={date <= today}
                  onNoShow={() => void noShow(entry)}
                  onOutcome={(result) => void outcome(entry, result)}
                />
              ))}
            </View>
          ))}
        </Card>
      )}
      {view?.menuId && (
        <Card title={t('rosterEntries')}>
          {view.entries.length === 0 && <EmptyState icon="roster" title={t('rosterEmpty')} />}
          {view.entries.map((entry) => (
            <EntryRow
              key={entry.bookingId}
              entry={entry}
              round={false}
              onNoShow={() => void noShow(entry)}
              onOutcome={(result) => void outcome(entry, result)}
            />
          ))}
        </Card>
      )}
      {view?.menuId && (
        <Action
          kind="secondary"
          label={t('rosterExport')}
          testId="roster-export"
          onTap={() => void download()}
        />
      )}
    </Page>
  );
}
