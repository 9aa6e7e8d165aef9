/** Reading the audit log: a community's entries, optionally about one resident, newest first. */
import { AuditEntryView, AuditQuery, pageOf } from '@linli/shared';
import { API_V1, route, type ApiModule } from '../../platform/routes';
import { authorize } from './policy';
import type { AuditEntry, AuditService } from './service';

export function presentAuditEntry(entry: AuditEntry) {
  return { ...entry, at: entry.at.toISOString() };
}

export function auditRoutes(audit: AuditService): ApiModule {
  return {
    name: 'audit',
    basePath: `${API_V1}/audit`,
    routes: [
      route({
        method: 'get',
        path: '/',
        summary: "Staff changes to residents' records in a community, newest first",
        auth: ['admin', 'committee'],
        input: { query: AuditQuery },
        responses: { 200: pageOf(AuditEntryView) },
        errors: ['FORBIDDEN'],
        handler: async (ctx) => {
          authorize(ctx.state.actor, 'read', ctx.input.query);
          const page = await audit.list(ctx.input.query);
          return { ...page, items: page.items.map(presentAuditEntry) };
        },
      }),
    ],
  };
}
