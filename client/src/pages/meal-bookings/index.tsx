import { useCallback, useEffect, useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { roleOf } from '../../components/a11y';
import { Action } from '../../components/action';
import { PageHeader } from '../../components/page-header';
import { EmptyState, ErrorState, Skeleton } from '../../components/states';
import { StatusBadge, Tag } from '../../components/status-badge';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import type { BookingView } from '@linli/shared/meals';
import { useUser } from '../../hooks/use-user';
import { useMealsLive } from '../../hooks/use-meals';
import { usePreferences } from '../../hooks/use-preferences';
import { t } from '../../i18n';
import { messageOf } from '../../services';
import { cancelBooking, myBookings } from '../../services/meals';
import { shanghaiDate } from '../../services/meals-format';
import { dayLabel, mealName, modeName, statusName } from '../../services/meals-labels';
import { PriceLines } from '../../components/booking-sheet';
import { QrCode } from '../../components/qr-code';
import { Page } from '../../components/page';
import { RatingPrompt } from '../../components/rating-prompt';

const PAGE_SIZE = 20;

function BookingCard({
  booking,
  viewerId,
  onCancel,
}: {
  booking: BookingView;
  viewerId: string;
  onCancel(): void;
}) {
  const { careMode } = usePreferences();
  const today = shanghaiDate(new Date());
  const live = booking.status === 'booked';
  return (
    <View
      className={`card booking booking-${booking.status}`}
      data-testid="booking"
      data-booking-id={booking.id}
      data-date={booking.date}
      data-meal={booking.meal}
      data-status={booking.status}
    >
      <View className="menu-head">
        <Text className="menu-meal">
          {dayLabel(booking.date, today)} {mealName(booking.meal)}
        </Text>
        <StatusBadge state={booking.status} label={statusName(booking.status)} testId="booking-status" />
      </View>
      {booking.source === 'standingOrder' && (
        // Booked without anyone tapping: the tag says why the meal is there.
        <View data-testid="booking-standing">
          <Tag label={t('mealsFromStandingOrder')} tone="info" />
        </View>
      )}
      {booking.elder.id !== viewerId && (
        <Text className="hint">{t('mealsForElder', { name: booking.elder.displayName })}</Text>
      )}
      <Text className="booking-line">{t('mealsModeLine', { mode: modeName(booking.mode) })}</Text>
      {booking.dietaryNote && (
        <Text className="booking-line">{t('mealsNoteLine', { note: booking.dietaryNote })}</Text>
      )}
      {booking.cancelReason && (
        <Text className="booking-line">{t('mealsCancelReason', { reason: booking.cancelReason })}</Text>
      )}
      {live && booking.pickupCode && (
        <View className="pickup">
          <View
            className="pickup-code"
            {...roleOf('text')}
            ariaLabel={t('mealsPickupCodeLabel', { code: booking.pickupCode.split('').join(' ') })}
          >
            <Text className="pickup-code-label">{t('mealsPickupCode')}</Text>
            <Text className="pickup-code-digits" data-testid="pickup-code">
              {booking.pickupCode}
            </Text>
          </View>
          {booking.qrPayload && (
            <QrCode
              text={booking.qrPayload}
              cell={careMode ? 7 : 5}
              label={t('mealsQrLabel', { code: booking.pickupCode })}
            />
          )}
          <Text className="hint">{t('mealsShowCode')}</Text>
        </View>
      )}
      <PriceLines booking={booking} />
      {booking.actions.includes('cancel') && (
        <Action kind="danger" label={t('mealsCancel')} testId="cancel-booking" onTap={onCancel} />
      )}
    </View>
  );
}

/** The resident's bookings (and those of the elders they care for), with live status. */
export default function MealBookingsPage() {
  const { user } = useUser();
  const [items, setItems] = useState<BookingView[]>([]);
  const [total, setTotal] = useState(0);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const shown = useRef(PAGE_SIZE);
  const generation = useRef(0);

  const load = useCallback(async (size: number) => {
    const mine = ++generation.current;
    try {
      // One request for everything on screen: a live update refetches what is shown, in place.
      const page = await myBookings(1, Math.min(size, 100));
      if (mine !== generation.current) return;
      shown.current = size;
      setItems(page.items);
      setTotal(page.total);
      setError(null);
    } catch (e) {
      if (mine === generation.current) setError(messageOf(e));
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, []);

  const signedIn = user !== null;
  useEffect(() => {
    if (signedIn) void load(shown.current);
  }, [signedIn, load]);
  useMealsLive(() => {
    if (signedIn) void load(shown.current);
  }, ['booking', 'menu', 'resync']);
  usePullDownRefresh(() => void load(shown.current).finally(() => void Taro.stopPullDownRefresh()));

  const cancel = async (booking: BookingView) => {
    const { confirm } = await Taro.showModal({ title: t('mealsCancelConfirm'), content: '' });
    if (!confirm) return;
    try {
      await cancelBooking(booking.id);
      void Taro.showToast({ title: t('mealStatusCancelled'), icon: 'none' });
    } catch (e) {
      void Taro.showToast({ title: messageOf(e), icon: 'none', duration: 3000 });
    }
    void load(shown.current);
  };

  return (
    <Page className="meals" title="mealsMyBookings">
      <PageHeader title={t('mealsMyBookings')} />
      {error && <ErrorState message={error} onRetry={() => void load(shown.current)} />}
      {loading && items.length === 0 && <Skeleton cards={2} rows={3} />}
      {/* Asked again when a booking on screen is served (its rating becomes due). */}
      <RatingPrompt
        service="meals"
        refreshKey={items
          .filter((b) => b.status === 'served')
          .map((b) => b.id)
          .join(',')}
      />
      {!loading && !error && items.length === 0 && (
        <EmptyState
          title={t('mealsBookingsEmpty')}
          action={{
            label: t('mealsTitle'),
            onTap: () => void Taro.navigateTo({ url: '/pages/meals/index' }),
          }}
        />
      )}
      {items.map((booking) => (
        <BookingCard
          key={booking.id}
          booking={booking}
          viewerId={user?.id ?? ''}
          onCancel={() => void cancel(booking)}
        />
      ))}
      {items.length < total && (
        <Action label={t('mealsLoadMore')} onTap={() => void load(shown.current + PAGE_SIZE)} />
      )}
    </Page>
  );
}
