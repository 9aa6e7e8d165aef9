import { useCallback, useEffect, useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import {
  MEALS,
  MEAL_MODES,
  WEEKDAYS,
  type Meal,
  type MealMode,
  type StandingOrderView,
} from '@linli/shared/meals';
import { useUser } from '../../hooks/use-user';
import { useMealsLive } from '../../hooks/use-meals';
import { t } from '../../i18n';
import { messageOf } from '../../services';
import {
  createStandingOrder,
  deleteStandingOrder,
  dinersFor,
  listMenus,
  myStandingOrders,
  pauseStandingOrder,
  resumeStandingOrder,
  subscribeMeals,
  type Diner,
} from '../../services/meals';
import { toggleWeekday } from '../../services/meals-format';
import { isoWeekdayName, mealName, modeName, skippedLine, weekdaysText } from '../../services/meals-labels';
import { Action } from '../../components/action';
import { Choice } from '../../components/choice';
import { Field, FormError } from '../../components/field';
import { Page } from '../../components/page';
import { usePreferences } from '../../hooks/use-preferences';
import { EmptyState, ErrorState, Skeleton } from '../../components/states';
import { Card } from '../../components/card';
import { formErrorsOf } from '../../components/field-errors';
import { PageHeader } from '../../components/page-header';
import { StatusBadge } from '../../components/status-badge';
import { ButtonRow } from '../../components/action';

function OrderCard({
  order,
  viewerId,
  onChanged,
}: {
  order: StandingOrderView;
  viewerId: string;
  onChanged(): void;
}) {
  const act = async (run: () => Promise<unknown>) => {
    try {
      await run();
    } catch (e) {
      void Taro.showToast({ title: messageOf(e), icon: 'none', duration: 3000 });
    }
    onChanged();
  };
  const remove = async () => {
    const { confirm } = await Taro.showModal({ title: t('standingDeleteConfirm'), content: '' });
    if (confirm) await act(() => deleteStandingOrder(order.id));
  };
  return (
    <Card testId="standing-order" data={{ status: order.status }}>
      <View className="card-head">
        <Text className="card-title">
          {t('standingLine', {
            days: weekdaysText(order.weekdays),
            meal: mealName(order.meal),
            mode: modeName(order.mode),
          })}
        </Text>
        <StatusBadge
          state={order.status}
          label={t(order.status === 'paused' ? 'standingPaused' : 'standingActive')}
        />
      </View>
      <Text className="hint">{order.canteenName}</Text>
      {order.elder.id !== viewerId && (
        <Text className="hint">{t('mealsForElder', { name: order.elder.displayName })}</Text>
      )}
      {order.dietaryNote && (
        <Text className="booking-line">{t('mealsNoteLine', { note: order.dietaryNote })}</Text>
      )}
      <ButtonRow>
        {order.actions.includes('pause') && (
          <Action
            inline
            label={t('standingPause')}
            testId="standing-pause"
            onTap={() => void act(() => pauseStandingOrder(order.id))}
          />
        )}
        {order.actions.includes('resume') && (
          <Action
            inline
            kind="primary"
            label={t('standingResume')}
            testId="standing-resume"
            onTap={() => void act(() => resumeStandingOrder(order.id))}
          />
        )}
        {order.actions.includes('delete') && (
          <Action
            inline
            kind="danger"
            label={t('standingDelete')}
            testId="standing-delete"
            onTap={() => void remove()}
          />
        )}
      </ButtonRow>
    </Card>
  );
}

/**
 * Standing orders: a meal booked on chosen weekdays whenever the canteen publishes it, for oneself
 * or an elder one cares for; pause, resume, delete. Days it could not book are told live.
 */
export default function StandingOrdersPage() {
  // Re-renders in place when the language or care mode changes (nothing typed is lost).
  usePreferences();
  const { user } = useUser();
  const [orders, setOrders] = useState<StandingOrderView[]>([]);
  const [diners, setDiners] = useState<Diner[]>([]);
  const [providers, setProviders] = useState<{ id: string; name: string }[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [skips, setSkips] = useState<string[]>([]);
  const [elderId, setElderId] = useState<string | null>(null);
  const [providerId, setProviderId] = useState<string | null>(null);
  const [weekdays, setWeekdays] = useState<number[]>([1, 2, 3, 4, 5]);
  const [meal, setMeal] = useState<Meal>('lunch');
  const [mode, setMode] = useState<MealMode>('pickup');
  const [note, setNote] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  const [noteError, setNoteError] = useState<string | undefined>(undefined);
  const [saving, setSaving] = useState(false);
  const generation = useRef(0);

  const load = useCallback(async () => {
    if (!user) return;
    const mine = ++generation.current;
    try {
      const [list, people, { items: menus }] = await Promise.all([
        myStandingOrders(),
        dinersFor(user),
        listMenus(),
      ]);
      if (mine !== generation.current) return;
      setOrders(list);
      setDiners(people);
      // Residents see no canteen list; the canteens that publish menus for them are the choices.
      const canteens = [...new Map(menus.map((m) => [m.providerId, m.canteenName])).entries()];
      const ids = canteens.map(([id]) => id);
      setProviders(canteens.map(([id, name]) => ({ id, name })));
      setElderId((id) => (id && people.some((d) => d.userId === id) ? id : (people[0]?.userId ?? null)));
      setProviderId((id) => (id && ids.includes(id) ? id : (ids[0] ?? null)));
      setError(null);
    } catch (e) {
      if (mine === generation.current) setError(messageOf(e));
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, [user]);

  useEffect(() => void load(), [load]);
  useMealsLive(() => void load(), ['booking', 'resync']);
  useEffect(
    () =>
      subscribeMeals((change) => {
        if (change.kind === 'skipped')
          setSkips((lines) => [skippedLine(change.payload), ...lines].slice(0, 5));
      }),
    [],
  );

  const save = async () => {
    setFormError(null);
    setNoteError(undefined);
    if (weekdays.length === 0) return setFormError(t('standingPickDays'));
    if (!elderId || !providerId) return;
    setSaving(true);
    try {
      await createStandingOrder({
        ...(elderId === user?.id ? {} : { elderUserId: elderId }),
        providerId,
        weekdays,
        meal,
        mode,
        dietaryNote: note.trim(),
      });
      setNote('');
      void Taro.showToast({ title: t('standingCreated'), icon: 'none', duration: 3000 });
      await load();
    } catch (e) {
      const errors = formErrorsOf(e, messageOf(e), ['dietaryNote']);
      setNoteError(errors.fields.dietaryNote);
      setFormError(errors.form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Page className="meals">
      <PageHeader title={t('standingTitle')} subtitle={t('standingIntro')} />
      {skips.map((line, i) => (
        <View key={i} className="banner" role="status" data-testid="standing-skipped">
          <Text className="banner-text">{line}</Text>
        </View>
      ))}
      {error && <ErrorState message={error} onRetry={() => void load()} />}
      {loading && <Skeleton cards={2} rows={3} />}
      {!loading && !error && diners.length === 0 && (
        <EmptyState
          title={t('mealsNobodyEligible')}
          action={{
            label: t('carersEntry'),
            onTap: () => void Taro.navigateTo({ url: '/pages/carers/index' }),
          }}
        />
      )}
      {!loading && diners.length > 0 && providers.length === 0 && (
        <EmptyState title={t('standingNoCanteen')} />
      )}
      {diners.length > 0 && providers.length > 0 && (
        <Card testId="standing-form">
          {diners.length > 1 && (
            <>
              <Text className="field-label">{t('standingFor')}</Text>
              <Choice
                label={t('standingFor')}
                options={diners.map((d) => ({ value: d.userId, label: d.self ? t('standingSelf') : d.name }))}
                selected={elderId}
                onSelect={setElderId}
                testId="standing-for"
              />
            </>
          )}
          {diners.length === 1 && !diners[0].self && (
            // A carer who cannot order for himself still sees whom the order is for.
            <Text className="hint" data-testid="standing-for-one">
              {t('mealsForElder', { name: diners[0].name })}
            </Text>
          )}
          {providers.length > 1 && (
            <>
              <Text className="field-label">{t('standingCanteen')}</Text>
              <Choice
                label={t('standingCanteen')}
                options={providers.map((p) => ({ value: p.id, label: p.name }))}
                selected={providerId}
                onSelect={setProviderId}
              />
            </>
          )}
          <Text className="field-label">{t('standingWeekdays')}</Text>
          <Choice
            label={t('standingWeekdays')}
            options={WEEKDAYS.map((d) => ({ value: String(d), label: isoWeekdayName(d) }))}
            selected={weekdays.map(String)}
            onSelect={(d) => setWeekdays((days) => toggleWeekday(days, Number(d)))}
            testId="standing-weekdays"
          />
          <Text className="field-label">{t('standingMeal')}</Text>
          <Choice
            label={t('standingMeal')}
            options={MEALS.map((m) => ({ value: m, label: mealName(m) }))}
            selected={meal}
            onSelect={setMeal}
          />
          <Text className="field-label">{t('standingMode')}</Text>
          <Choice
            label={t('standingMode')}
            options={MEAL_MODES.map((m) => ({ value: m, label: modeName(m) }))}
            selected={mode}
            onSelect={setMode}
            testId="standing-mode"
          />
          <Field
            label={t('standingNote')}
            value={note}
            onChange={setNote}
            maxLength={200}
            error={noteError}
          />
          <FormError message={formError} />
          <Action
            kind="primary"
            label={t('standingCreate')}
            busy={saving}
            testId="standing-create"
            onTap={() => void save()}
          />
        </Card>
      )}
      {!loading && !error && diners.length > 0 && orders.length === 0 && (
        <EmptyState icon="standing" title={t('standingEmpty')} />
      )}
      {orders.map((order) => (
        <OrderCard key={order.id} order={order} viewerId={user?.id ?? ''} onChanged={() => void load()} />
      ))}
    </Page>
  );
}
