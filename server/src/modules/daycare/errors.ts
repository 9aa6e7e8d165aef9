/** The daycare module's own refusals, each with words a person can act on. */
import { DAYCARE_CONSENT, ErrorCode, type AgeBand } from '@linli/shared';
import { AppError } from '../../platform/errors';

export const NoClassForAge = (centre: string, age: number, range: { min: number; max: number }) =>
  new AppError(ErrorCode.DAYCARE_NO_CLASS_FOR_AGE, `no class for ${age} months at ${centre}`, {
    params: {
      centre,
      age,
      range: { 'zh-CN': `${range.min}–${range.max} 个月`, en: `${range.min}–${range.max} months` },
    },
    details: { ageMonthsAtStart: age, ageRangeMonths: range },
  });

export const ConsentRequired = () =>
  new AppError(ErrorCode.DAYCARE_CONSENT_REQUIRED, 'consent missing or for another wording', {
    params: { version: DAYCARE_CONSENT.version },
    details: { version: DAYCARE_CONSENT.version, text: DAYCARE_CONSENT.text },
  });

export const VisitFull = () => new AppError(ErrorCode.DAYCARE_VISIT_FULL, 'visit slot full or past');

export const ClassFull = (name: string, band: AgeBand, capacity: number) =>
  new AppError(ErrorCode.DAYCARE_CLASS_FULL, `class ${name} full`, {
    params: { className: name, capacity },
    details: { capacity, band },
  });
