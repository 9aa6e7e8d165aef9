import { Button, Text, View } from '@tarojs/components';
import type { BookingView, MenuView, ResidentMenuView } from '@linli/shared/meals';
import { t, type MessageKey } from '../i18n';
import { bookability } from '../services/meals-format';
import { dishTagName, mealName } from '../services/meals-labels';
import { roleOf } from './a11y';
import { PriceForMe } from './price-for-me';
import { Tag } from './status-badge';

const CLOSED_KEYS: Record<'notOpenYet' | 'closed' | 'full' | 'draft', MessageKey> = {
  notOpenYet: 'mealsNotOpenYet',
  closed: 'mealsClosed',
  full: 'mealsFull',
  draft: 'menuStatusDraft',
};

export function Dishes({ menu }: { menu: MenuView }) {
  return (
    <View className="dishes">
      {menu.dishes.map((dish, i) => (
        <View className="dish" key={i}>
          <Text className="dish-name">{dish.name}</Text>
          {dish.tags.map((tag) => (
            <Tag key={tag} label={dishTagName(tag)} />
          ))}
          {dish.allergens.length > 0 && (
            <Text className="dish-allergens">{t('mealsAllergens', { list: dish.allergens.join('、') })}</Text>
          )}
        </View>
      ))}
    </View>
  );
}

/**
 * One menu as a resident sees it: dishes with tags and allergens, the price, the places left, and
 * either a Book button or why it cannot be booked now (or for whom it is already booked).
 */
export function MenuCard({
  menu,
  dayText,
  booked,
  myId,
  canBook,
  onBook,
}: {
  menu: ResidentMenuView;
  dayText: string;
  booked: BookingView[];
  /** The viewer: a price quoted for someone else names whose it is. */
  myId?: string;
  /** Someone (the viewer or an elder they care for) is left to book this menu for. */
  canBook: boolean;
  onBook(): void;
}) {
  const state = bookability(menu, new Date());
  return (
    <View className="card menu-card" data-testid="menu-card" data-date={menu.date} data-meal={menu.meal}>
      <View className="menu-head">
        <Text className="menu-meal">{mealName(menu.meal)}</Text>
      </View>
      <PriceForMe
        quote={menu.quote}
        baseFen={menu.basePriceFen}
        showWhom={!!menu.quote && menu.quote.elderId !== myId}
      />
      <Text className="hint menu-canteen">{menu.canteenName}</Text>
      <Dishes menu={menu} />
      <Text className="hint menu-remaining">
        {t('mealsRemaining', { seats: menu.remaining.seats, deliveries: menu.remaining.deliveries })}
      </Text>
      {booked.map((b) => (
        <Text className="menu-booked" key={b.id}>
          ✓ {t('mealsBookedFor', { name: b.elder.displayName })}
        </Text>
      ))}
      {!state.open ? (
        <Text className="hint menu-closed">{t(CLOSED_KEYS[state.reason])}</Text>
      ) : (
        canBook && (
          <Button
            className="btn btn-primary menu-book"
            {...roleOf('button')}
            ariaLabel={t('mealsBookLabel', { date: dayText, meal: mealName(menu.meal) })}
            onClick={onBook}
          >
            {t('mealsBook')}
          </Button>
        )
      )}
    </View>
  );
}
