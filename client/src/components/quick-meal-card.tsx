import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { Me } from '@linli/shared/identity-api';
import { bookingsOf, useResidentMeals } from '../hooks/use-meals';
import { t } from '../i18n';
import { addDays, bookability, formatFen, shanghaiDate } from '../services/meals-format';
import { BOOKINGS_PAGE, BookingSheet } from './booking-sheet';
import { Card } from './card';

/**
 * Home's shortcut for elders (适老化: few steps to book a meal): when tomorrow's lunch can still be
 * booked for someone the person books for, one tap opens the confirm sheet with everything
 * filled in, a second books it. It says what the diner pays (the server's quote). Once booked,
 * the card shows that and opens the bookings.
 */
export function QuickMealCard({ user }: { user: Me | null }) {
  const tomorrow = addDays(shanghaiDate(new Date()), 1);
  // Only residents with a home have canteens; staff-only accounts skip the requests.
  const resident = user && user.homes.length > 0 ? user : null;
  const meals = useResidentMeals(resident, { from: tomorrow, to: tomorrow });
  const [open, setOpen] = useState(false);

  const menu = meals.menus.find((m) => m.date === tomorrow && m.meal === 'lunch');
  if (!resident || !menu || meals.diners.length === 0) return null;
  const booked = bookingsOf(meals.bookings, menu.id);
  const left = meals.diners.filter((d) => !booked.some((b) => b.elder.id === d.userId));
  const canBook = left.length > 0 && bookability(menu, new Date()).open;

  if (!canBook && booked.length === 0) return null;
  const forOther = left[0] && !left[0].self ? t('mealsQuickFor', { name: left[0].name }) : '';
  const payable = menu.quote?.price.payableFen ?? menu.basePriceFen;
  const dishes = `${menu.dishes.map((d) => d.name).join('、')} · ${formatFen(payable)}`;

  return (
    <View>
      {canBook ? (
        <Card
          variant="highlight"
          className="quick-meal"
          label={[t('mealsQuickBook'), forOther, dishes].filter(Boolean).join(' ')}
          testId="quick-meal"
          onTap={() => setOpen(true)}
        >
          <Text className="quick-meal-title">{t('mealsQuickBook')}</Text>
          {forOther && <Text className="quick-meal-for">{forOther}</Text>}
          <Text className="quick-meal-dishes">{dishes}</Text>
        </Card>
      ) : (
        <Card
          className="quick-meal quick-meal-booked"
          label={[
            t('mealsQuickBooked'),
            booked[0].pickupCode && booked[0].status === 'booked'
              ? `${t('mealsPickupCode')} ${booked[0].pickupCode}`
              : '',
          ]
            .filter(Boolean)
            .join(' ')}
          testId="quick-meal-booked"
          onTap={() => void Taro.navigateTo({ url: BOOKINGS_PAGE })}
        >
          <Text className="quick-meal-title">✓ {t('mealsQuickBooked')}</Text>
          {booked[0].pickupCode && booked[0].status === 'booked' && (
            <Text className="quick-meal-dishes">
              {t('mealsPickupCode')} {booked[0].pickupCode}
            </Text>
          )}
        </Card>
      )}
      {open && (
        <BookingSheet
          menu={menu}
          diners={left}
          lastChoices={meals.lastChoices}
          onClose={() => setOpen(false)}
          onBooked={() => meals.reload()}
        />
      )}
    </View>
  );
}
