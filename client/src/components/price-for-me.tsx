import { Text, View } from '@tarojs/components';
import type { PriceQuoteView } from '@linli/shared/meals';
import { t } from '../i18n';
import { formatFen } from '../services/meals-format';
import { roleOf } from './a11y';

/** "高龄补贴 ¥6" lines: each subsidy the server named, with its amount. */
export function subsidyText(quote: PriceQuoteView): string {
  return quote.price.lines.map((line) => `${line.label} ${formatFen(line.fen)}`).join(' · ');
}

/**
 * What the diner pays, as the server quoted it (never recomputed here): the payable large, the
 * base struck through beside it and each subsidy named, when there is a subsidy; else the price.
 * Without a quote (nobody here can book it), the canteen's base price.
 */
export function PriceForMe({
  quote,
  baseFen,
  showWhom = false,
}: {
  quote: PriceQuoteView | null | undefined;
  baseFen: number;
  /** Name whose price it is ("王奶奶 付"), when the viewer books for someone else. */
  showWhom?: boolean;
}) {
  if (!quote) {
    return (
      <View className="price">
        <Text className="price-payable menu-price" data-testid="menu-price">
          {formatFen(baseFen)}
        </Text>
      </View>
    );
  }
  const { price } = quote;
  const subsidies = price.lines.length > 0 ? `，${subsidyText(quote)}` : '';
  const label = t('priceForMeLabel', {
    payable: formatFen(price.payableFen),
    base: formatFen(price.baseFen),
    subsidies,
  });
  return (
    <View
      className="price"
      {...roleOf('text')}
      ariaLabel={showWhom ? `${t('priceFor', { name: quote.elderName })} ${label}` : label}
    >
      {showWhom && <Text className="price-subsidy">{t('priceFor', { name: quote.elderName })} </Text>}
      <Text
        className={`price-payable ${price.subsidyFen > 0 ? '' : 'menu-price'}`}
        data-testid="price-payable"
      >
        {formatFen(price.payableFen)}
      </Text>
      {price.subsidyFen > 0 && (
        <Text className="price-base menu-price" data-testid="menu-price">
          {formatFen(price.baseFen)}
        </Text>
      )}
      {price.subsidyFen > 0 && (
        <Text className="price-subsidy" data-testid="price-subsidies">
          {t('mealsSubsidy')} {subsidyText(quote)}
        </Text>
      )}
    </View>
  );
}
