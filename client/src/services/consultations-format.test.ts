import { CIVIL_CODE_278, type Gauge } from '@linli/shared/consultations';
import { setLocale } from '../i18n';
import { chooseLine, formatArea, gaugeWords, ruleText, shanghaiTime } from './consultations-format';

const gauge = (over: Partial<Gauge>): Gauge => ({
  key: 'participationArea',
  measure: 'area',
  value: 680_000,
  of: 1_000_000,
  threshold: CIVIL_CODE_278.participation.area,
  met: true,
  missing: 0,
  ...over,
});

afterEach(() => setLocale('zh-CN'));

describe('consultation words', () => {
  it('groups area figures in m² with two decimals', () => {
    expect(formatArea(412_050)).toBe('4,120.50');
    expect(formatArea(5)).toBe('0.05');
    expect(formatArea(100_000_000)).toBe('1,000,000.00');
  });

  it('says art. 278’s rules as a resident reads them', () => {
    expect(ruleText(CIVIL_CODE_278.participation.area)).toBe('至少 2/3');
    expect(ruleText(CIVIL_CODE_278.approval.raiseMaintenanceFund.owners)).toBe('至少 3/4');
    expect(ruleText(CIVIL_CODE_278.approval.useMaintenanceFund.area)).toBe('过半数');
    setLocale('en');
    expect(ruleText(CIVIL_CODE_278.approval.useMaintenanceFund.area)).toBe('more than half');
  });

  it('words a gauge with its figures, its rule and whether it is met', () => {
    expect(gaugeWords(gauge({}))).toEqual({
      label: '参与表决的专有面积',
      figures: '6,800.00 / 10,000.00 m²',
      rule: '需占全部的至少 2/3 · 已达到',
    });
    expect(
      gaugeWords(
        gauge({
          key: 'approvalOwners',
          measure: 'owners',
          value: 5,
          of: 10,
          threshold: CIVIL_CODE_278.approval.useMaintenanceFund.owners,
          met: false,
          missing: 1,
        }),
      ),
    ).toEqual({ label: '同意的业主人数', figures: '5 / 10 人', rule: '需占参与者的过半数 · 未达到' });
  });

  it('says how many to choose, and times in Shanghai', () => {
    expect(chooseLine({ kind: 'single', minChoices: 1, maxChoices: 1 })).toBe('请选择一项');
    expect(chooseLine({ kind: 'multiple', minChoices: 1, maxChoices: 3 })).toBe('请选择 1–3 项');
    expect(shanghaiTime('2031-03-04T16:30:00Z')).toBe('2031-03-05 00:30');
  });
});
