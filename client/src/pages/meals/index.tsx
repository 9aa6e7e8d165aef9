import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { MenuView } from '@linli/shared/meals';
import { useUser } from '../../hooks/use-user';
import { bookingsOf, useResidentMeals } from '../../hooks/use-meals';
import { t } from '../../i18n';
import { groupMenusByDay, shanghaiDate } from '../../services/meals-format';
import { dayLabel, servingHoursText } from '../../services/meals-labels';
import { BOOKINGS_PAGE, BookingSheet } from '../../components/booking-sheet';
import { MenuCard } from '../../components/menu-card';
import { Page } from '../../components/page';

/** The coming week's menus of the canteens serving the resident's community, by day. */
export default function MealsPage() {
  const { user } = useUser();
  const meals = useResidentMeals(user);
  const [booking, setBooking] = useState<MenuView | null>(null);
  const today = shanghaiDate(new Date());
  const days = groupMenusByDay(meals.menus);

  return (
    <Page className="meals">
      <Text className="title">{t('mealsTitle')}</Text>
      <View
        className="card link-card"
        role="button"
        ariaLabel={t('mealsMyBookings')}
        data-testid="my-bookings-link"
        onClick={() => void Taro.navigateTo({ url: BOOKINGS_PAGE })}
      >
        <Text className="tile-name">{t('mealsMyBookings')} ›</Text>
      </View>
      <View
        className="card link-card"
        role="button"
        ariaLabel={t('standingLink')}
        data-testid="standing-orders-link"
        onClick={() => void Taro.navigateTo({ url: '/pages/standing-orders/index' })}
      >
        <Text className="tile-name">{t('standingLink')} ›</Text>
      </View>
      {meals.canteens.map((canteen) => (
        <View className="card canteen-info" key={canteen.providerId} data-testid="canteen-info">
          <Text className="tile-name">{canteen.name}</Text>
          <Text className="hint">{canteen.address || t('mealsCanteenNoAddress')}</Text>
          <Text className="hint">{servingHoursText(canteen.servingHours)}</Text>
        </View>
      ))}
      {meals.policyLine && <Text className="hint">{meals.policyLine}</Text>}
      {!meals.loading && meals.diners.length === 0 && (
        <Text className="hint">{t('mealsNobodyEligible')}</Text>
      )}
      {meals.error && (
        <View>
          <Text className="error">{meals.error}</Text>
          <Text className="link" onClick={meals.reload}>
            {t('retry')}
          </Text>
        </View>
      )}
      {meals.loading && <Text className="hint">{t('loading')}</Text>}
      {!meals.loading && !meals.error && days.length === 0 && (
        <Text className="hint">{t('mealsNoMenus')}</Text>
      )}
      {days.map((day) => (
        <View key={day.date} className="meal-day">
          <Text className="meal-day-title">{dayLabel(day.date, today)}</Text>
          {day.meals.map(({ menus }) =>
            menus.map((menu) => {
              const booked = bookingsOf(meals.bookings, menu.id);
              const left = meals.diners.filter((d) => !booked.some((b) => b.elder.id === d.userId));
              return (
                <MenuCard
                  key={menu.id}
                  menu={menu}
                  dayText={dayLabel(day.date, today)}
                  booked={booked}
                  canBook={left.length > 0}
                  onBook={() => setBooking(menu)}
                />
              );
            }),
          )}
        </View>
      ))}
      {booking && (
        <BookingSheet
          menu={booking}
          diners={meals.diners.filter(
            (d) => !bookingsOf(meals.bookings, booking.id).some((b) => b.elder.id === d.userId),
          )}
          lastChoices={meals.lastChoices}
          onClose={() => setBooking(null)}
          onBooked={() => meals.reload()}
        />
      )}
    </Page>
  );
}
