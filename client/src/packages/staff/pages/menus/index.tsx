import { useCallback, useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { DISH_TAGS, MEALS, type DishTag, type Meal, type MenuView } from '@linli/shared/meals';
import { useUser } from '../../../../hooks/use-user';
import { t } from '../../../../i18n';
import { messageOf } from '../../../../services';
import { fieldMessagesOf } from '../../../../services/api-error';
import {
  canteenMenus,
  createMenu,
  deleteDraftMenu,
  editMenu,
  publishMenu,
  withdrawMenu,
} from '../../../../services/meals';
import {
  addDays,
  fenToYuanText,
  formatFen,
  groupMenusByDay,
  parseYuan,
  shanghaiDate,
} from '../../../../services/meals-format';
import { dayLabel, dishTagName, mealName, chipDay } from '../../../../services/meals-labels';
import { Dishes } from '../../../../components/menu-card';
import { Field, FormError } from '../../../../components/field';
import { formErrorsOf, NO_ERRORS, type FormErrors } from '../../../../components/field-errors';
import { Page } from '../../../../components/page';
import { PageHeader, SectionTitle } from '../../../../components/page-header';
import { EmptyState, ErrorState } from '../../../../components/states';
import { usePreferences } from '../../../../hooks/use-preferences';
import { Action, ButtonRow } from '../../../../components/action';

const DAYS = 7;

interface DishDraft {
  name: string;
  tags: DishTag[];
  allergens: string;
}

const emptyDish = (): DishDraft => ({ name: '', tags: [], allergens: '' });

const STATUS_KEYS = {
  draft: 'menuStatusDraft',
  published: 'menuStatusPublished',
  withdrawn: 'menuStatusWithdrawn',
} as const;

/** A published menu's withdrawal: the reason is told to every elder whose booking it cancels. */
function WithdrawBox({ menu, today, onDone }: { menu: MenuView; today: string; onDone(): void }) {
  const [shown, setShown] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const withdraw = async () => {
    setError(null);
    if (!reason.trim()) return setError(t('menuWithdrawNeedReason'));
    const { confirm } = await Taro.showModal({
      title: t('menuWithdrawConfirm', { date: dayLabel(menu.date, today), meal: mealName(menu.meal) }),
      content: t('menuWithdrawConfirmText'),
    });
    if (!confirm) return;
    try {
      const result = await withdrawMenu(menu.id, reason.trim());
      void Taro.showToast({
        title: t('menuWithdrawn', { count: result.bookingsCancelled }),
        icon: 'none',
        duration: 3000,
      });
      onDone();
    } catch (e) {
      setError(messageOf(e));
    }
  };
  if (!shown)
    return (
      <Action
        kind="danger"
        label={t('menuWithdraw')}
        testId="menu-withdraw-start"
        onTap={() => setShown(true)}
      />
    );
  return (
    <View className="withdraw-box">
      <Field
        label={t('menuWithdrawReason')}
        value={reason}
        onChange={setReason}
        placeholder={t('menuWithdrawPlaceholder')}
        maxLength={200}
        testId="withdraw-reason"
      />
      <FormError message={error} />
      <Action kind="danger" label={t('menuWithdraw')} testId="menu-withdraw" onTap={() => void withdraw()} />
    </View>
  );
}

/** The form's own fields, by the body path the server names in a refusal. */
const SHOWN = ['basePriceFen', 'seatCapacity', 'deliveryCapacity'];
/** A dish's name or allergens (one allergen included): dishes.<i>.name, dishes.<i>.allergens[.<j>]. */
const DISH_PATH = /^dishes\.\d+\.(name|allergens)(\.\d+)?$/;

/** The refusal's message for dish `sent` (its index in what was sent) and a field of it. */
function dishError(errors: FormErrors, sent: number, field: 'name' | 'allergens'): string | undefined {
  const prefix = `dishes.${sent}.${field}`;
  const path = Object.keys(errors.fields).find((p) => p === prefix || p.startsWith(`${prefix}.`));
  return path ? errors.fields[path] : undefined;
}

/** A whole number of places 0–5000, or null. */
function parseCount(text: string): number | null {
  return /^\d{1,4}$/.test(text.trim()) && Number(text) <= 5000 ? Number(text) : null;
}

/**
 * The canteen's menus for the next days, drafts included, and a form for a new one: dishes with
 * tags and allergens, the price in yuan (converted to fen exactly), places for dine-in/pickup and
 * for delivery; saved as a draft or published at once.
 */
export default function MenuPlanner() {
  // Re-renders in place when the language or care mode changes (nothing typed is lost).
  usePreferences();
  const { user } = useUser();
  const { providerId = '' } = useRouter().params;
  const today = shanghaiDate(new Date());
  const [menus, setMenus] = useState<MenuView[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [date, setDate] = useState(addDays(today, 1));
  const [meal, setMeal] = useState<Meal>('lunch');
  const [dishes, setDishes] = useState<DishDraft[]>([emptyDish()]);
  const [price, setPrice] = useState('15');
  const [seats, setSeats] = useState('40');
  const [deliveries, setDeliveries] = useState('10');
  const [formError, setFormError] = useState<string | null>(null);
  /** The server's word on the fields of the last refused save. */
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  /** The menu the form is editing; null: the form makes a new one. */
  const [editing, setEditing] = useState<MenuView | null>(null);

  const load = useCallback(async () => {
    try {
      setMenus(await canteenMenus(providerId, today, addDays(today, DAYS - 1)));
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    }
  }, [providerId, today]);

  useEffect(() => {
    if (user) void load();
  }, [user, load]);

  const updateDish = (index: number, change: Partial<DishDraft>) =>
    setDishes((all) => all.map((d, i) => (i === index ? { ...d, ...change } : d)));

  const save = async (publish: boolean) => {
    const basePriceFen = parseYuan(price);
    const seatCapacity = parseCount(seats);
    const deliveryCapacity = parseCount(deliveries);
    const named = dishes.filter((d) => d.name.trim());
    if (named.length === 0) return setFormError(t('plannerNoDish'));
    if (basePriceFen === null) return setFormError(t('plannerBadPrice'));
    if (seatCapacity === null || deliveryCapacity === null) return setFormError(t('plannerBadCount'));
    setFormError(null);
    setErrors(NO_ERRORS);
    setBusy(true);
    const fields = {
      dishes: named.map((d) => ({
        name: d.name.trim(),
        tags: d.tags,
        allergens: d.allergens
          .split(/[,，、\s]+/)
          .map((a) => a.trim())
          .filter(Boolean),
      })),
      basePriceFen,
      seatCapacity,
      deliveryCapacity,
    };
    try {
      if (editing) {
        // The server compares and announces only dish and price changes to those who booked.
        const result = await editMenu(editing.id, fields);
        void Taro.showToast({
          title:
            result.bookingsTold > 0 ? t('menuEdited', { count: result.bookingsTold }) : t('menuEditedQuiet'),
          icon: 'none',
          duration: 3000,
        });
        setEditing(null);
      } else {
        await createMenu({ providerId, date, meal, ...fields, publish });
        void Taro.showToast({ title: t(publish ? 'plannerPublished' : 'plannerSaved'), icon: 'none' });
      }
      setDishes([emptyDish()]);
      await load();
    } catch (e) {
      // Field messages go under their fields; the sentence above the buttons only when one is not shown.
      const shown = [...SHOWN, ...Object.keys(fieldMessagesOf(e)).filter((p) => DISH_PATH.test(p))];
      const refused = formErrorsOf(e, messageOf(e), shown);
      setErrors(refused);
      setFormError(refused.form);
    } finally {
      setBusy(false);
    }
  };

  const publish = async (menu: MenuView) => {
    try {
      await publishMenu(menu.id);
      void Taro.showToast({ title: t('plannerPublished'), icon: 'none' });
    } catch (e) {
      void Taro.showToast({ title: messageOf(e), icon: 'none', duration: 3000 });
    }
    await load();
  };

  const startEditing = (menu: MenuView) => {
    setEditing(menu);
    setFormError(null);
    setErrors(NO_ERRORS);
    setDishes(
      menu.dishes.map((d) => ({ name: d.name, tags: [...d.tags], allergens: d.allergens.join('、') })),
    );
    setPrice(fenToYuanText(menu.basePriceFen));
    setSeats(String(menu.seatCapacity));
    setDeliveries(String(menu.deliveryCapacity));
    void Taro.pageScrollTo({ scrollTop: 0, duration: 200 });
  };

  const stopEditing = () => {
    setEditing(null);
    setFormError(null);
    setErrors(NO_ERRORS);
    setDishes([emptyDish()]);
  };

  const removeDraft = async (menu: MenuView) => {
    const { confirm } = await Taro.showModal({ title: t('menuDeleteConfirm'), content: '' });
    if (!confirm) return;
    try {
      await deleteDraftMenu(menu.id);
      void Taro.showToast({ title: t('menuDeleted'), icon: 'none' });
      if (editing?.id === menu.id) stopEditing();
    } catch (e) {
      void Taro.showToast({ title: messageOf(e), icon: 'none', duration: 3000 });
    }
    await load();
  };

  const days = groupMenusByDay(menus);
  // Only named dishes are sent, so the server's dishes.<i> is the i-th named one on screen.
  let sentIndex = -1;
  const sentIndexOf = dishes.map((d) => (d.name.trim() ? ++sentIndex : -1));

  return (
    <Page className="meals">
      <PageHeader title={t('canteenPlanner')} />
      {error && <ErrorState message={error} onRetry={() => void load()} />}

      <View className="card" data-testid="menu-form">
        <Text className="tile-name">
          {editing
            ? `${t('menuEditTitle')} · ${dayLabel(editing.date, today)} ${mealName(editing.meal)}`
            : t('plannerNew')}
        </Text>
        {!editing && (
          <>
            <Text className="field-label">{t('plannerDate')}</Text>
            <View className="chips">
              {Array.from({ length: DAYS }, (_, i) => addDays(today, i)).map((d) => (
                <View
                  key={d}
                  className={`chip ${d === date ? 'chip-active' : ''}`}
                  role="radio"
                  aria-checked={d === date}
                  ariaLabel={chipDay(d, today)}
                  onClick={() => setDate(d)}
                >
                  <Text>{chipDay(d, today)}</Text>
                </View>
              ))}
            </View>
            <Text className="field-label">{t('plannerMeal')}</Text>
            <View className="chips">
              {MEALS.map((m) => (
                <View
                  key={m}
                  className={`chip ${m === meal ? 'chip-active' : ''}`}
                  role="radio"
                  aria-checked={m === meal}
                  ariaLabel={mealName(m)}
                  onClick={() => setMeal(m)}
                >
                  <Text>{mealName(m)}</Text>
                </View>
              ))}
            </View>
          </>
        )}
        <Text className="field-label">{t('plannerDishes')}</Text>
        {dishes.map((dish, index) => (
          <View className="dish-editor" key={index}>
            <Field
              label={t('plannerDishName')}
              value={dish.name}
              maxLength={40}
              placeholder={t('plannerDishName')}
              testId="dish-name"
              error={sentIndexOf[index] >= 0 ? dishError(errors, sentIndexOf[index], 'name') : undefined}
              onChange={(name) => updateDish(index, { name })}
            />
            <View className="chips">
              {DISH_TAGS.map((tag) => {
                const on = dish.tags.includes(tag);
                return (
                  <View
                    key={tag}
                    className={`chip chip-small ${on ? 'chip-active' : ''}`}
                    role="checkbox"
                    aria-checked={on}
                    ariaLabel={dishTagName(tag)}
                    onClick={() =>
                      updateDish(index, {
                        tags: on ? dish.tags.filter((x) => x !== tag) : [...dish.tags, tag],
                      })
                    }
                  >
                    <Text>{dishTagName(tag)}</Text>
                  </View>
                );
              })}
              {dishes.length > 1 && (
                <View
                  className="link-inline"
                  role="button"
                  ariaLabel={t('plannerRemoveDish')}
                  onClick={() => setDishes((all) => all.filter((_, i) => i !== index))}
                >
                  <Text>{t('plannerRemoveDish')}</Text>
                </View>
              )}
            </View>
            <Field
              label={t('plannerAllergens')}
              value={dish.allergens}
              placeholder={t('plannerAllergens')}
              error={sentIndexOf[index] >= 0 ? dishError(errors, sentIndexOf[index], 'allergens') : undefined}
              onChange={(allergens) => updateDish(index, { allergens })}
            />
          </View>
        ))}
        {dishes.length < 20 && (
          <View
            className="link-inline"
            role="button"
            ariaLabel={t('plannerAddDish')}
            onClick={() => setDishes((all) => [...all, emptyDish()])}
          >
            <Text>{t('plannerAddDish')}</Text>
          </View>
        )}
        <Field
          label={t('plannerPrice')}
          type="digit"
          value={price}
          testId="menu-price"
          error={errors.fields.basePriceFen}
          onChange={setPrice}
        />
        <Field
          label={t('plannerSeats')}
          type="number"
          value={seats}
          error={errors.fields.seatCapacity}
          onChange={setSeats}
        />
        <Field
          label={t('plannerDeliveries')}
          type="number"
          value={deliveries}
          error={errors.fields.deliveryCapacity}
          onChange={setDeliveries}
        />
        <FormError message={formError} />
        {editing ? (
          <ButtonRow>
            <Action label={t('menuCancelEdit')} onTap={stopEditing} />
            <Action
              kind="primary"
              label={t('menuSaveEdit')}
              disabled={busy}
              testId="menu-save-edit"
              onTap={() => void save(false)}
            />
          </ButtonRow>
        ) : (
          <ButtonRow>
            <Action label={t('plannerSaveDraft')} disabled={busy} onTap={() => void save(false)} />
            <Action
              kind="primary"
              label={t('plannerPublish')}
              disabled={busy}
              testId="menu-publish"
              onTap={() => void save(true)}
            />
          </ButtonRow>
        )}
      </View>

      <SectionTitle>{t('plannerNextDays')}</SectionTitle>
      {days.length === 0 && !error && <EmptyState icon="calendar" title={t('plannerNone')} />}
      {days.map((day) => (
        <View key={day.date} className="meal-day">
          <Text className="meal-day-title">{dayLabel(day.date, today)}</Text>
          {day.meals.map(({ menus: list }) =>
            list.map((menu) => (
              <View
                className="card menu-card"
                key={menu.id}
                data-testid="planner-menu"
                data-menu-id={menu.id}
                data-date={menu.date}
                data-meal={menu.meal}
                data-status={menu.status}
              >
                <View className="menu-head">
                  <Text className="menu-meal" data-testid="planner-menu-title">
                    {mealName(menu.meal)} · {formatFen(menu.basePriceFen)}
                  </Text>
                  <Text
                    className={`tag ${menu.status === 'draft' ? 'tag-pinned' : ''}`}
                    data-testid="planner-menu-status"
                  >
                    {t(STATUS_KEYS[menu.status])}
                  </Text>
                </View>
                <Dishes menu={menu} />
                <Text className="hint">
                  {t('plannerTaken', {
                    seats: menu.seatCapacity - menu.remaining.seats,
                    deliveries: menu.deliveryCapacity - menu.remaining.deliveries,
                  })}{' '}
                  / {menu.seatCapacity} · {menu.deliveryCapacity}
                </Text>
                {menu.withdrawReason && (
                  <Text className="booking-line">
                    {t('menuWithdrawnBecause', { reason: menu.withdrawReason })}
                  </Text>
                )}
                {menu.status !== 'withdrawn' && (
                  <ButtonRow>
                    <Action label={t('menuEdit')} testId="menu-edit" onTap={() => startEditing(menu)} />
                    {menu.status === 'draft' && (
                      <Action
                        kind="danger"
                        label={t('menuDelete')}
                        testId="menu-delete"
                        onTap={() => void removeDraft(menu)}
                      />
                    )}
                    {menu.status === 'draft' && (
                      <Action kind="primary" label={t('plannerPublish')} onTap={() => void publish(menu)} />
                    )}
                  </ButtonRow>
                )}
                {menu.status === 'published' && (
                  <WithdrawBox
                    menu={menu}
                    today={today}
                    onDone={() => {
                      if (editing?.id === menu.id) stopEditing();
                      void load();
                    }}
                  />
                )}
              </View>
            )),
          )}
        </View>
      ))}
    </Page>
  );
}
