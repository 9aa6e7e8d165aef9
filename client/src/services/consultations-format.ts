/**
 * Words and figures for consultations, kept apart from the pages so they are tested alone: the
 * art. 278 gauges as a resident reads them ("参与表决的专有面积 6,800.00 / 10,000.00 m²，需占全部的
 * 至少 2/3，已达到"), the ballot's choose-how-many line, and dates in Shanghai time.
 */
import type { Gauge, Threshold } from '@linli/shared/consultations';
import { t, type MessageKey } from '../i18n';

/** 412050 → '4,120.50' (grouped thousands, always two decimals), as the server words shortfalls. */
export function formatArea(centi: number): string {
  const whole = Math.trunc(centi / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${whole}.${String(centi % 100).padStart(2, '0')}`;
}

/** "more than 1/2" reads as 过半数; every other rule as its fraction. */
export function ruleText(threshold: Threshold): string {
  const { numerator: n, denominator: d } = threshold.fraction;
  if (threshold.comparison === 'moreThan' && n * 2 === d) return t('consRuleHalf');
  return t(threshold.comparison === 'atLeast' ? 'consRuleAtLeast' : 'consRuleMoreThan', { n, d });
}

const GAUGE_NAMES: Record<Gauge['key'], MessageKey> = {
  participationArea: 'consGaugeParticipationArea',
  participationOwners: 'consGaugeParticipationOwners',
  approvalArea: 'consGaugeApprovalArea',
  approvalOwners: 'consGaugeApprovalOwners',
};

export interface GaugeWords {
  label: string;
  /** The figures: '6,800.00 / 10,000.00 m²' or '7 / 10 人'. */
  figures: string;
  /** What the rule asks, and whether it is met: '需占全部的至少 2/3 · 已达到'. */
  rule: string;
}

export function gaugeWords(gauge: Gauge): GaugeWords {
  const figures =
    gauge.measure === 'area'
      ? t('consAreaValue', { value: formatArea(gauge.value), of: formatArea(gauge.of) })
      : t('consOwnersValue', { value: gauge.value, of: gauge.of });
  const need = gauge.key.startsWith('participation') ? 'consGaugeNeedAll' : 'consGaugeNeedOfParticipating';
  return {
    label: t(GAUGE_NAMES[gauge.key]),
    figures,
    rule: `${t(need, { rule: ruleText(gauge.threshold) })} · ${t(gauge.met ? 'consGaugeMet' : 'consGaugeNotMet')}`,
  };
}

export function chooseLine(ballot: { kind: string; minChoices: number; maxChoices: number }): string {
  if (ballot.kind !== 'multiple' || ballot.maxChoices <= 1) return t('consChooseOne');
  return t('consChooseRange', { min: ballot.minChoices, max: ballot.maxChoices });
}

/** '2031-03-18 08:30' in Shanghai, whatever the device's zone. */
export function shanghaiTime(iso: string): string {
  const shifted = new Date(Date.parse(iso) + 8 * 3_600_000).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 16)}`;
}
