/**
 * What is still missing, in words a committee member reads out: "还差 37 位业主和 4,120.50 m²，
 * 即可达到参与门槛" / "37 owners and 4,120.50 m² to reach participation".
 */
import type { Gauge, LocalizedText } from '@linli/shared';

/** 412050 → '4,120.50' (grouped thousands, always two decimals). */
export function formatArea(centi: number): string {
  const whole = Math.trunc(centi / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${whole}.${String(centi % 100).padStart(2, '0')}`;
}

function missingOf(gauges: readonly Gauge[], prefix: 'participation' | 'approval') {
  const area = gauges.find((g) => g.key === `${prefix}Area`)?.missing ?? 0;
  const owners = gauges.find((g) => g.key === `${prefix}Owners`)?.missing ?? 0;
  return { area, owners };
}

function say(owners: number, area: number, goal: LocalizedText): LocalizedText | undefined {
  const zh: string[] = [];
  const en: string[] = [];
  if (owners > 0) {
    zh.push(`${owners} 位业主`);
    en.push(`${owners} owner${owners === 1 ? '' : 's'}`);
  }
  if (area > 0) {
    zh.push(`${formatArea(area)} m²`);
    en.push(`${formatArea(area)} m²`);
  }
  if (zh.length === 0) return undefined;
  return { 'zh-CN': `还差 ${zh.join('和 ')}，即可${goal['zh-CN']}`, en: `${en.join(' and ')} ${goal.en}` };
}

/** Missing to reach participation, then approval; undefined for a gauge pair already met. */
export function shortfalls(gauges: readonly Gauge[]): {
  participation?: LocalizedText;
  approval?: LocalizedText;
} {
  const p = missingOf(gauges, 'participation');
  const a = missingOf(gauges, 'approval');
  const participation = say(p.owners, p.area, { 'zh-CN': '达到参与门槛', en: 'to reach participation' });
  const approval = say(a.owners, a.area, { 'zh-CN': '达到通过门槛', en: 'to reach approval' });
  return { ...(participation ? { participation } : {}), ...(approval ? { approval } : {}) };
}
