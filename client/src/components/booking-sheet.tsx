import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { MEAL_MODES, type BookingView, type MealMode, type MenuView } from '@linli/shared/meals';
import { t } from '../i18n';
import { messageOf } from '../services';
import { book, type Diner } from '../services/meals';
import { bookability, defaultMode, formatFen, shanghaiDate } from '../services/meals-format';
import { mealName, modeName, shortDay } from '../services/meals-labels';

export const BOOKINGS_PAGE = '/pages/meal-bookings/index';

/** What an elder chose last time, offered again as the default. */
export interface LastChoice {
  mode: MealMode;
  dietaryNote: string;
}

export interface BookingSheetProps {
  menu: MenuView;
  diners: Diner[];
  /** Whom to preselect (default: the first diner). */
  dinerId?: string;
  lastChoices: Record<string, LastChoice>;
  onClose(): void;
  onBooked(booking: BookingView): void;
}

/**
 * The confirm step of a booking: for whom, how, any dietary note, all filled with sensible
 * defaults (the elder's last choice, a mode with places left), so one tap books. After booking it
 * shows the pickup code and the price the subsidy brought it to.
 */
export function BookingSheet({ menu, diners, dinerId, lastChoices, onClose, onBooked }: BookingSheetProps) {
  const firstId = dinerId ?? diners[0]?.userId;
  const [elderId, setElderId] = useState(firstId);
  const [mode, setMode] = useState<MealMode>(defaultMode(menu, lastChoices[firstId ?? '']?.mode));
  const [note, setNote] = useState(lastChoices[firstId ?? '']?.dietaryNote ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [booked, setBooked] = useState<BookingView | null>(null);
  const today = shanghaiDate(new Date());
  const title = t('mealsSheetTitle', { date: shortDay(menu.date, today), meal: mealName(menu.meal) });
  const when = `${shortDay(menu.date, today)} ${mealName(menu.meal)}`;

  const chooseDiner = (id: string) => {
    setElderId(id);
    setMode(defaultMode(menu, lastChoices[id]?.mode));
    setNote(lastChoices[id]?.dietaryNote ?? '');
  };

  const confirm = async () => {
    const diner = diners.find((d) => d.userId === elderId);
    if (!diner) return;
    setBusy(true);
    setError(null);
    try {
      const booking = await book({
        menuId: menu.id,
        mode,
        dietaryNote: note.trim(),
        ...(diner.self ? {} : { elderUserId: diner.userId }),
      });
      setBooked(booking);
      onBooked(booking);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="sheet-mask" onClick={onClose}>
      <View
        // h5 draws its tab bar over the page: keep the buttons above it.
        className={`sheet ${process.env.TARO_ENV === 'h5' ? 'sheet-above-tabbar' : ''}`}
        role="dialog"
        ariaLabel={title}
        data-testid="booking-sheet"
        onClick={(e) => e.stopPropagation()}
      >
        {booked ? (
          <View>
            <Text className="sheet-title" data-testid="booking-done">
              ✓ {t('mealsBookedTitle')}
            </Text>
            <Text className="hint">{when}</Text>
            {booked.pickupCode && (
              <View
                className="pickup-code"
                role="text"
                ariaLabel={t('mealsPickupCodeLabel', { code: booked.pickupCode.split('').join(' ') })}
              >
                <Text className="pickup-code-label">{t('mealsPickupCode')}</Text>
                <Text className="pickup-code-digits" data-testid="pickup-code">
                  {booked.pickupCode}
                </Text>
              </View>
            )}
            <PriceLines booking={booked} />
            <Button
              className="primary big-button"
              onClick={() => {
                onClose();
                void Taro.navigateTo({ url: BOOKINGS_PAGE });
              }}
            >
              {t('mealsViewBookings')}
            </Button>
            <Button className="big-button" onClick={onClose}>
              {t('mealsDone')}
            </Button>
          </View>
        ) : (
          <View>
            <Text className="sheet-title">{title}</Text>
            <Text className="hint">
              {menu.dishes.map((d) => d.name).join('、')} ·{' '}
              {t('mealsPrice', { price: formatFen(menu.basePriceFen) })}
            </Text>
            {diners.length > 1 && (
              <View>
                <Text className="field-label">{t('mealsForWhom')}</Text>
                <View className="chips" role="radiogroup">
                  {diners.map((d) => (
                    <View
                      key={d.userId}
                      className={`chip ${d.userId === elderId ? 'chip-active' : ''}`}
                      role="radio"
                      aria-checked={d.userId === elderId}
                      onClick={() => chooseDiner(d.userId)}
                    >
                      <Text>{d.self ? t('mealsMe', { name: d.name }) : d.name}</Text>
                    </View>
                  ))}
                </View>
              </View>
            )}
            <Text className="field-label">{t('mealsMode')}</Text>
            <View className="chips" role="radiogroup">
              {MEAL_MODES.map((m) => {
                const open = bookability(menu, new Date(), m).open;
                return (
                  <View
                    key={m}
                    className={`chip ${m === mode ? 'chip-active' : ''} ${open ? '' : 'chip-disabled'}`}
                    role="radio"
                    aria-checked={m === mode}
                    aria-disabled={!open}
                    onClick={() => open && setMode(m)}
                  >
                    <Text>{modeName(m)}</Text>
                  </View>
                );
              })}
            </View>
            <Text className="field-label">{t('mealsDietaryNote')}</Text>
            <Input
              className="input input-bordered"
              value={note}
              maxlength={200}
              placeholder={t('mealsDietaryPlaceholder')}
              onInput={(e) => setNote(e.detail.value)}
            />
            <Text className="hint">{t('mealsSubsidyHint')}</Text>
            {error && (
              <View className="error" role="alert">
                <Text>{error}</Text>
              </View>
            )}
            <Button
              className="primary big-button"
              data-testid="confirm-booking"
              disabled={busy || !elderId}
              onClick={() => void confirm()}
            >
              {busy ? t('mealsBooking') : t('mealsConfirm')}
            </Button>
            <Button className="big-button" onClick={onClose}>
              {t('mealsClose')}
            </Button>
          </View>
        )}
      </View>
    </View>
  );
}

/** Price, each subsidy line and what is left to pay, as fixed when the meal was booked. */
export function PriceLines({ booking }: { booking: BookingView }) {
  return (
    <View className="price-lines">
      <View className="row">
        <Text className="label">{t('mealsBase')}</Text>
        <Text data-testid="price-base">{formatFen(booking.price.baseFen)}</Text>
      </View>
      {booking.price.lines.map((line, i) => (
        <View className="row" key={i}>
          <Text className="label">
            {t('mealsSubsidy')} · {line.label}
          </Text>
          <Text>−{formatFen(line.fen)}</Text>
        </View>
      ))}
      <View className="row">
        <Text className="label">{t('mealsPayable')}</Text>
        <Text className="price-payable" data-testid="payable">
          {formatFen(booking.price.payableFen)}
        </Text>
      </View>
    </View>
  );
}
