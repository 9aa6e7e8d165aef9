import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { ResidentMenuView } from '@linli/shared/meals';
import { useUser } from '../../hooks/use-user';
import { bookingsOf, useResidentMeals } from '../../hooks/use-meals';
import { t } from '../../i18n';
import { groupMenusByDay, shanghaiDate } from '../../services/meals-format';
import { dayLabel, servingHoursText } from '../../services/meals-labels';
import { BOOKINGS_PAGE, BookingSheet } from '../../components/booking-sheet';
import { MenuCard } from '../../components/menu-card';
import { Card } from '../../components/card';
import { ListItem } from '../../components/list-item';
import { Page } from '../../components/page';
import { PageHeader } from '../../components/page-header';
import { EmptyState, ErrorState, Skeleton } from '../../components/states';
import { RatingPrompt } from '../../components/rating-prompt';
import { ServiceScore } from '../../components/service-score';
import { usePreferences } from '../../hooks/use-preferences';

/** The coming week's menus of the canteens serving the resident's community, by day. */
export default function MealsPage() {
  const { user } = useUser();
  // Re-renders in place on a switch of language or care mode.
  usePreferences();
  const meals = useResidentMeals(user);
  const [booking, setBooking] = useState<ResidentMenuView | null>(null);
  const today = shanghaiDate(new Date());
  const days = groupMenusByDay(meals.menus);

  return (
    <Page className="meals" title="mealsTitle">
      <PageHeader title={t('mealsTitle')} subtitle={meals.policyLine ?? undefined} />
      <Card>
        <ListItem
          icon="bookings"
          title={t('mealsMyBookings')}
          label={t('mealsMyBookings')}
          testId="my-bookings-link"
          onTap={() => void Taro.navigateTo({ url: BOOKINGS_PAGE })}
        />
        <ListItem
          icon="standing"
          title={t('standingLink')}
          label={t('standingLink')}
          testId="standing-orders-link"
          onTap={() => void Taro.navigateTo({ url: '/pages/standing-orders/index' })}
        />
      </Card>
      <RatingPrompt service="meals" />
      {meals.canteens.map((canteen) => (
        <Card key={canteen.providerId} testId="canteen-info" title={canteen.name}>
          <Text className="hint">{canteen.address || t('mealsCanteenNoAddress')}</Text>
          <Text className="hint">{servingHoursText(canteen.servingHours)}</Text>
          <ServiceScore service="meals" providerId={canteen.providerId} />
        </Card>
      ))}
      {!meals.loading && !meals.error && meals.diners.length === 0 && (
        <EmptyState
          title={t('mealsNobodyEligible')}
          action={{
            label: t('carersEntry'),
            onTap: () => void Taro.navigateTo({ url: '/pages/carers/index' }),
          }}
        />
      )}
      {meals.error && <ErrorState message={meals.error} onRetry={meals.reload} />}
      {meals.loading && <Skeleton cards={3} rows={3} />}
      {!meals.loading && !meals.error && days.length === 0 && (
        <EmptyState
          title={t('mealsNoMenus')}
          action={{
            label: t('standingLink'),
            onTap: () => void Taro.navigateTo({ url: '/pages/standing-orders/index' }),
          }}
        />
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
                  myId={user?.id}
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
