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
import { BarChart } from '../../../../components/bar-chart';
import { Card } from '../../../../components/card';
import { ListItem } from '../../../../components/list-item';
import { PageHeader } from '../../../../components/page-header';
import { EmptyState, ErrorState, Skeleton } from '../../../../components/states';

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
  const [loading, setLoading] = useState(true);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setReport(await settlement(providerId, month));
      setError(null);
    } catch (e) {
      setReport(null);
      setError(messageOf(e));
    } finally {
      setLoading(false);
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

  // The subsidy by line over every elder: what the canteen claims from each budget.
  const byLine = new Map<string, number>();
  for (const elder of report?.elders ?? [])
    for (const [line, fen] of Object.entries(elder.subsidyByLine))
      byLine.set(line, (byLine.get(line) ?? 0) + fen);

  return (
    <Page className="meals">
      <PageHeader title={t('canteenSettlement')} />
      <View className="month-switch">
        <Action
          inline
          kind="secondary"
          label={t('settlementPrev')}
          onTap={() => setMonth((m) => shiftMonth(m, -1))}
        >
          ‹
        </Action>
        <Text className="section-title" data-testid="settlement-month">
          {month}
        </Text>
        <Action
          inline
          kind="secondary"
          label={t('settlementNext')}
          onTap={() => setMonth((m) => shiftMonth(m, 1))}
        >
          ›
        </Action>
      </View>
      {error && <ErrorState message={error} onRetry={() => void load()} />}
      {loading && !report && !error && <Skeleton cards={2} rows={3} />}
      {report && (
        <Card variant="highlight" testId="settlement-totals">
          <Text>
            {t('settlementTotal', {
              meals: report.totals.mealsServed,
              base: formatFen(report.totals.baseFen),
              subsidy: formatFen(report.totals.subsidyFen),
              payable: formatFen(report.totals.payableFen),
            })}
          </Text>
        </Card>
      )}
      {byLine.size > 0 && (
        <Card>
          <BarChart
            title={t('settlementByLine')}
            bars={[...byLine].map(([line, fen]) => ({ label: line, value: fen, valueText: formatFen(fen) }))}
            total={
              report
                ? { label: t('settlementSubsidyTotal'), valueText: formatFen(report.totals.subsidyFen) }
                : undefined
            }
          />
        </Card>
      )}
      {report && report.elders.length === 0 && (
        <EmptyState
          icon="settlement"
          title={t('settlementEmpty')}
          action={{ label: t('settlementPrev'), onTap: () => setMonth((m) => shiftMonth(m, -1)) }}
        />
      )}
      {report?.elders.map((elder, i) => (
        <Card key={i} testId="settlement-elder">
          <View className="card-head">
            <Text className="card-title">{elder.name}</Text>
            <Text className="strong">{formatFen(elder.subsidyFen)}</Text>
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
            <ListItem key={line} title={line} value={formatFen(fen)} />
          ))}
        </Card>
      ))}
      {report && (
        <Action
          kind="secondary"
          label={t('settlementExport')}
          testId="settlement-export"
          onTap={() => void download()}
        />
      )}
    </Page>
  );
}
