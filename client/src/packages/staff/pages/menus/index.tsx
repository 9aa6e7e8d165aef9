import { useCallback, useEffect, useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { DISH_TAGS, MEALS, type DishTag, type Meal, type MenuView } from '@linli/shared/meals';
import { useUser } from '../../../../hooks/use-user';
import { t } from '../../../../i18n';
import { messageOf } from '../../../../services';
import { canteenMenus, createMenu, publishMenu } from '../../../../services/meals';
import {
  addDays,
  formatFen,
  groupMenusByDay,
  parseYuan,
  shanghaiDate,
} from '../../../../services/meals-format';
import { dayLabel, dishTagName, mealName, chipDay } from '../../../../services/meals-labels';
import { Dishes } from '../../../../components/menu-card';
import { Page } from '../../../../components/page';

const DAYS = 7;

interface DishDraft {
  name: string;
  tags: DishTag[];
  allergens: string;
}

const emptyDish = (): DishDraft => ({ name: '', tags: [], allergens: '' });

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
  const [busy, setBusy] = useState(false);

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
    setBusy(true);
    try {
      await createMenu({
        providerId,
        date,
        meal,
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
        publish,
      });
      void Taro.showToast({ title: t(publish ? 'plannerPublished' : 'plannerSaved'), icon: 'none' });
      setDishes([emptyDish()]);
      await load();
    } catch (e) {
      setFormError(messageOf(e));
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

  const days = groupMenusByDay(menus);

  return (
    <Page className="meals">
      <Text className="title">{t('canteenPlanner')}</Text>
      {error && <Text className="error">{error}</Text>}

      <View className="card" data-testid="menu-form">
        <Text className="tile-name">{t('plannerNew')}</Text>
        <Text className="field-label">{t('plannerDate')}</Text>
        <View className="chips">
          {Array.from({ length: DAYS }, (_, i) => addDays(today, i)).map((d) => (
            <View
              key={d}
              className={`chip ${d === date ? 'chip-active' : ''}`}
              role="radio"
              aria-checked={d === date}
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
              onClick={() => setMeal(m)}
            >
              <Text>{mealName(m)}</Text>
            </View>
          ))}
        </View>
        <Text className="field-label">{t('plannerDishes')}</Text>
        {dishes.map((dish, index) => (
          <View className="dish-editor" key={index}>
            <Input
              className="input input-bordered"
              value={dish.name}
              maxlength={40}
              placeholder={t('plannerDishName')}
              data-testid="dish-name"
              onInput={(e) => updateDish(index, { name: e.detail.value })}
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
                  onClick={() => setDishes((all) => all.filter((_, i) => i !== index))}
                >
                  <Text>{t('plannerRemoveDish')}</Text>
                </View>
              )}
            </View>
            <Input
              className="input input-bordered"
              value={dish.allergens}
              placeholder={t('plannerAllergens')}
              onInput={(e) => updateDish(index, { allergens: e.detail.value })}
            />
          </View>
        ))}
        {dishes.length < 20 && (
          <View
            className="link-inline"
            role="button"
            onClick={() => setDishes((all) => [...all, emptyDish()])}
          >
            <Text>{t('plannerAddDish')}</Text>
          </View>
        )}
        <Text className="field-label">{t('plannerPrice')}</Text>
        <Input
          className="input input-bordered"
          type="digit"
          value={price}
          data-testid="menu-price"
          onInput={(e) => setPrice(e.detail.value)}
        />
        <Text className="field-label">{t('plannerSeats')}</Text>
        <Input
          className="input input-bordered"
          type="number"
          value={seats}
          onInput={(e) => setSeats(e.detail.value)}
        />
        <Text className="field-label">{t('plannerDeliveries')}</Text>
        <Input
          className="input input-bordered"
          type="number"
          value={deliveries}
          onInput={(e) => setDeliveries(e.detail.value)}
        />
        {formError && (
          <View className="error" role="alert">
            <Text>{formError}</Text>
          </View>
        )}
        <View className="button-row">
          <Button disabled={busy} onClick={() => void save(false)}>
            {t('plannerSaveDraft')}
          </Button>
          <Button
            className="primary"
            disabled={busy}
            data-testid="menu-publish"
            onClick={() => void save(true)}
          >
            {t('plannerPublish')}
          </Button>
        </View>
      </View>

      <Text className="hint">{t('plannerNextDays')}</Text>
      {days.length === 0 && !error && <Text className="hint">{t('plannerNone')}</Text>}
      {days.map((day) => (
        <View key={day.date} className="meal-day">
          <Text className="meal-day-title">{dayLabel(day.date, today)}</Text>
          {day.meals.map(({ menus: list }) =>
            list.map((menu) => (
              <View className="card menu-card" key={menu.id} data-testid="planner-menu">
                <View className="menu-head">
                  <Text className="menu-meal">
                    {mealName(menu.meal)} · {formatFen(menu.basePriceFen)}
                  </Text>
                  <Text className={`tag ${menu.status === 'draft' ? 'tag-pinned' : ''}`}>
                    {t(menu.status === 'draft' ? 'menuStatusDraft' : 'menuStatusPublished')}
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
                {menu.status === 'draft' && (
                  <Button className="primary" onClick={() => void publish(menu)}>
                    {t('plannerPublish')}
                  </Button>
                )}
              </View>
            )),
          )}
        </View>
      ))}
    </Page>
  );
}
