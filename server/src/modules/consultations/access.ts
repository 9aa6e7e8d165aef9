/**
 * Reading a consultation for a request: 404 for anyone who may not see it (another community's
 * committee, a resident outside the audience, anyone but the committee for a draft), so nothing
 * about it leaks, not even that it exists.
 */
import type { Actor } from '../../platform/context';
import { NotFound } from '../../platform/errors';
import type { Consultations } from './consultations/service';
import type { ConsultationDoc } from './consultations/model';
import { canSee, isCommitteeOf } from './policy';

export function consultationAccess(
  consultations: Consultations,
  /** Whether the actor cares for someone on this consultation's roll (they may vote for them). */
  caresForElector: (actor: Actor, consultation: ConsultationDoc) => Promise<boolean>,
) {
  const facts = (c: ConsultationDoc) => ({
    communityId: String(c.communityId),
    buildingIds: c.buildingIds.map(String),
    status: c.status,
    resultsHidden: c.resultsHidden,
  });
  return {
    facts,
    async visible(actor: Actor, consultationId: string): Promise<ConsultationDoc> {
      const c = await consultations.find(consultationId);
      if (!c) throw NotFound('consultation');
      if (canSee(actor, facts(c)) || (c.status !== 'draft' && (await caresForElector(actor, c)))) return c;
      throw NotFound('consultation');
    },
    /** The committee's own consultations; to everyone else they do not exist. */
    async run(actor: Actor, consultationId: string): Promise<ConsultationDoc> {
      const c = await consultations.find(consultationId);
      if (!c || !isCommitteeOf(actor, String(c.communityId))) throw NotFound('consultation');
      return c;
    },
  };
}

export type ConsultationAccess = ReturnType<typeof consultationAccess>;

/** CSV for spreadsheets: BOM for Excel, quoting, and formula-looking cells defused. */
export function toCsv(rows: readonly (readonly string[])[]): string {
  const cell = (value: string) => {
    const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return `\uFEFF${rows.map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}
