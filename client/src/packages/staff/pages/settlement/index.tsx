import { useCallback, useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import type { SettlementView } from '@linli/shared/meals';
import { useUser } from '../../../../hooks/use-user';
import { t } from '../../../../i18n';
import { messageOf } from '../../../../services';
import { exportCsv, exportedMessage, settlement, settlementCsvPath } from '../../../../services/meals';
import { formatFen, shanghaiDate, shiftMonth } from '../../../../services/meals-format';
import { residentTagName } from '../../../../services/meals-labels';
import { Page } from '../../../../components/page';
import { usePreferences } from '../../../../hooks/use-preferences';
import { Action } from '../../../../components/action';

/**
 * The monthly subsidy settlement the canteen files with civil affairs: served meals per elder
 * (names masked), the subsidy by line and in total, and the same as a spreadsheet.
 */
export default function SettlementPage() {
  // Re-renders in place when the language or care mode changes (nothing typed is lost).
  usePreferences();
  const { user } = useUser();
  const { providerId = '' } = useRouter().params;
  const [month, setMonth] = useState(shanghaiDate(new Date()).slice(0, 7));
  const [report, setReport] = useState<SettlementView | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setReport(await settlement(providerId, month));
      setError(null);
    } catch (e) {
      setReport(null);
      setError(messageOf(e));
    }
  }, [providerId, month]);

  useEffect(() => {
    if (user) void load();
  }, [user, load]);

  const download = async () => {
    try {
      const result = await exportCsv(settlementCsvPath(providerId, month), `settlement-${month}.csv`);
      void Taro.showToast({ title: exportedMessage(result), icon: 'none', duration: 3000 });
    } catch (e) {
      void Taro.showToast({ title: messageOf(e), icon: 'none', duration: 3000 });
    }
  };

  return (
    <Page className="meals">
      <Text className="title">{t('canteenSettlement')}</Text>
      <View className="month-switch">
        <View
          className="chip"
          role="button"
          ariaLabel={t('settlementPrev')}
          onClick={() => setMonth((m) => shiftMonth(m, -1))}
        >
          <Text>‹</Text>
        </View>
        <Text className="tile-name" data-testid="settlement-month">
          {month}
        </Text>
        <View
          className="chip"
          role="button"
          ariaLabel={t('settlementNext')}
          onClick={() => setMonth((m) => shiftMonth(m, 1))}
        >
          <Text>›</Text>
        </View>
      </View>
      {error && <Text className="error">{error}</Text>}
      {report && (
        <View className="card" data-testid="settlement-totals">
          <Text>
            {t('settlementTotal', {
              meals: report.totals.mealsServed,
              base: formatFen(report.totals.baseFen),
              subsidy: formatFen(report.totals.subsidyFen),
              payable: formatFen(report.totals.payableFen),
            })}
          </Text>
        </View>
      )}
      {report && report.elders.length === 0 && <Text className="hint">{t('settlementEmpty')}</Text>}
      {report?.elders.map((elder, i) => (
        <View className="card" key={i} data-testid="settlement-elder">
          <View className="menu-head">
            <Text className="menu-meal">{elder.name}</Text>
            <Text>{formatFen(elder.subsidyFen)}</Text>
          </View>
          <Text className="hint">
            {t('settlementElder', {
              tier: elder.tier,
              meals: elder.mealsServed,
              subsidy: formatFen(elder.subsidyFen),
            })}
            {elder.tags.length > 0 ? ` · ${elder.tags.map(residentTagName).join('、')}` : ''}
          </Text>
          {Object.entries(elder.subsidyByLine).map(([line, fen]) => (
            <View className="row" key={line}>
              <Text className="label">{line}</Text>
              <Text>{formatFen(fen)}</Text>
            </View>
          ))}
        </View>
      ))}
      {report && (
        <Action label={t('settlementExport')} testId="settlement-export" onTap={() => void download()} />
      )}
    </Page>
  );
}
