import { useState } from 'react';
import { useEffect } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import {
  MEAL_MODES,
  type BookingView,
  type MealMode,
  type PriceQuoteView,
  type ResidentMenuView,
} from '@linli/shared/meals';
import { t } from '../i18n';
import { messageOf } from '../services';
import { fieldMessagesOf } from '../services/api-error';
import { book, quotesFor, type Diner } from '../services/meals';
import { roleOf } from './a11y';
import { Action } from './action';
import { BottomSheet } from './bottom-sheet';
import { Choice } from './choice';
import { Field } from './field';
import { PriceForMe } from './price-for-me';
import { bookability, defaultMode, formatFen, shanghaiDate } from '../services/meals-format';
import { mealName, modeName, shortDay } from '../services/meals-labels';

export const BOOKINGS_PAGE = '/pages/meal-bookings/index';

/** What an elder chose last time, offered again as the default. */
export interface LastChoice {
  mode: MealMode;
  dietaryNote: string;
}

export interface BookingSheetProps {
  menu: ResidentMenuView;
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
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  // The price for whoever is chosen, from the server; the menu came quoted for the first diner.
  const [quote, setQuote] = useState<PriceQuoteView | null | undefined>(
    menu.quote && menu.quote.elderId === firstId ? menu.quote : undefined,
  );
  useEffect(() => {
    const diner = diners.find((d) => d.userId === elderId);
    if (!diner || (quote && quote.elderId === elderId)) return undefined;
    let current = true;
    quotesFor(menu.date, menu.date, diner)
      .then((items) => {
        if (current) setQuote(items.find((m) => m.id === menu.id)?.quote ?? null);
      })
      .catch(() => undefined);
    return () => {
      current = false;
    };
    // Refetch only when the chosen diner changes.
  }, [elderId]);
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
    setFieldErrors({});
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
      setFieldErrors(fieldMessagesOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <BottomSheet
      title={booked ? `✓ ${t('mealsBookedTitle')}` : title}
      titleTestId={booked ? 'booking-done' : undefined}
      testId="booking-sheet"
      onClose={onClose}
    >
      {booked ? (
        <View>
          <Text className="hint">{when}</Text>
          {booked.pickupCode && (
            <View
              className="pickup-code"
              {...roleOf('text')}
              ariaLabel={t('mealsPickupCodeLabel', { code: booked.pickupCode.split('').join(' ') })}
            >
              <Text className="pickup-code-label">{t('mealsPickupCode')}</Text>
              <Text className="pickup-code-digits" data-testid="pickup-code">
                {booked.pickupCode}
              </Text>
            </View>
          )}
          <PriceLines booking={booked} />
          <Action
            kind="primary"
            label={t('mealsViewBookings')}
            onTap={() => {
              onClose();
              void Taro.navigateTo({ url: BOOKINGS_PAGE });
            }}
          />
          <Action label={t('mealsDone')} onTap={onClose} />
        </View>
      ) : (
        <View>
          <Text className="hint">{menu.dishes.map((d) => d.name).join('、')}</Text>
          <View data-testid="sheet-price">
            <PriceForMe quote={quote} baseFen={menu.basePriceFen} showWhom={diners.length > 1} />
          </View>
          {diners.length > 1 && (
            <View>
              <Text className="field-label">{t('mealsForWhom')}</Text>
              <Choice<string>
                label={t('mealsForWhom')}
                options={diners.map((d) => ({
                  value: d.userId,
                  label: d.self ? t('mealsMe', { name: d.name }) : d.name,
                }))}
                selected={elderId ?? null}
                onSelect={chooseDiner}
              />
            </View>
          )}
          <Text className="field-label">{t('mealsMode')}</Text>
          <Choice<MealMode>
            label={t('mealsMode')}
            options={MEAL_MODES.map((m) => ({
              value: m,
              label: modeName(m),
              disabled: !bookability(menu, new Date(), m).open,
            }))}
            selected={mode}
            onSelect={setMode}
          />
          <Field
            label={t('mealsDietaryNote')}
            value={note}
            maxLength={200}
            placeholder={t('mealsDietaryPlaceholder')}
            error={fieldErrors.dietaryNote}
            onChange={setNote}
          />
          {error && (
            <View className="error" {...roleOf('alert')}>
              <Text>{error}</Text>
            </View>
          )}
          <Action
            kind="primary"
            label={t('mealsConfirm')}
            busy={busy}
            busyLabel={t('mealsBooking')}
            disabled={!elderId}
            testId="confirm-booking"
            onTap={() => void confirm()}
          />
          <Action label={t('mealsClose')} onTap={onClose} />
        </View>
      )}
    </BottomSheet>
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
