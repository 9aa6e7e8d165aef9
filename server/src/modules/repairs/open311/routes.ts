/**
 * Open311 GeoReport v2, read side, for city platforms (城市运行管理服务平台): the services list,
 * a service definition, the requests list and one request, each as JSON and as XML, with the
 * spec's field names and types. `jurisdiction_id` is the community's code.
 *
 * What leaves: categories as services; tickets as requests with status open/closed and
 * status_notes, expected_datetime from the deadline, coordinates converted to WGS84. No personal
 * data: no reporter, no household, phone-like numbers masked in descriptions, and an in-home
 * request says only its category (its description and place stay in the community).
 */
import { OPEN_TICKET_STATUSES, type TicketStatus } from '@linli/shared';
import { XMLBuilder } from 'fast-xml-parser';
import { Types } from 'mongoose';
import { z } from 'zod';
import type { Clock } from '../../../platform/clock';
import { BadRequest, NotFound } from '../../../platform/errors';
import { API_V1, route, type ApiModule, type Route } from '../../../platform/routes';
import type { CommunitiesService } from '../../communities';
import type { CategoryDoc } from '../categories/model';
import type { CategoryService } from '../categories/service';
import { ticketFlow } from '../tickets/flow';
import { RepairTicketModel, type TicketDoc } from '../tickets/model';
import { gcj02ToWgs84 } from './gcj02';

const DAY = 86_400_000;
/** The spec's cap on one list: at most 90 days, newest 1000. */
const MAX_SPAN_DAYS = 90;
const MAX_REQUESTS = 1000;

export const Open311Service = z.object({
  service_code: z.string(),
  service_name: z.string(),
  description: z.string(),
  metadata: z.boolean(),
  type: z.enum(['realtime', 'batch', 'blackbox']),
  keywords: z.string(),
  group: z.string(),
});

export const Open311Attribute = z.object({
  variable: z.boolean(),
  code: z.string(),
  datatype: z.enum(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']),
  required: z.boolean(),
  datatype_description: z.string(),
  order: z.number().int(),
  description: z.string(),
  values: z.array(z.object({ key: z.string(), name: z.string() })),
});

export const Open311ServiceDefinition = z.object({
  service_code: z.string(),
  attributes: z.array(Open311Attribute),
});

export const Open311Request = z.object({
  service_request_id: z.string(),
  status: z.enum(['open', 'closed']),
  status_notes: z.string(),
  service_name: z.string(),
  service_code: z.string(),
  description: z.string(),
  agency_responsible: z.string(),
  service_notice: z.string(),
  requested_datetime: z.string(),
  updated_datetime: z.string(),
  expected_datetime: z.string(),
  address: z.string(),
  address_id: z.string(),
  zipcode: z.string(),
  lat: z.number().optional(),
  long: z.number().optional(),
  media_url: z.string(),
});

const Jurisdiction = z.object({ jurisdiction_id: z.string().min(1).max(40) });
const RequestsQuery = Jurisdiction.extend({
  service_request_id: z.string().max(2000).optional(),
  service_code: z.string().max(32).optional(),
  status: z.enum(['open', 'closed']).optional(),
  start_date: z.iso.datetime({ offset: true }).optional(),
  end_date: z.iso.datetime({ offset: true }).optional(),
});

/** W3C date-time in China Standard Time, as the spec's examples give them (with the offset). */
export function w3cDateTime(at: Date): string {
  const local = new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 19);
  return `${local}+08:00`;
}

const maskPhones = (text: string) => text.replace(/1\d{10}/g, (n) => `${n.slice(0, 3)}****${n.slice(7)}`);

const DATATYPES = {
  string: 'string',
  number: 'number',
  singleChoice: 'singlevaluelist',
  multipleChoice: 'multivaluelist',
} as const;

const xml = new XMLBuilder({ format: true, ignoreAttributes: true, suppressEmptyNode: false });
const asXml = (root: string, item: string, items: readonly object[]) =>
  `<?xml version="1.0" encoding="utf-8"?>\n${xml.build({ [root]: { [item]: items } })}`;

export function open311Api(deps: {
  categories: Pick<CategoryService, 'ofCommunity' | 'byCode'>;
  communities: Pick<CommunitiesService, 'findCommunityByCode' | 'listBuildings' | 'listProviders'>;
  clock: Clock;
}): ApiModule {
  async function jurisdiction(code: string) {
    const community = await deps.communities.findCommunityByCode(code);
    if (!community) throw NotFound('community');
    return community;
  }

  function service(c: CategoryDoc): z.infer<typeof Open311Service> {
    return {
      service_code: c.code,
      service_name: c.name,
      description: c.description,
      metadata: c.fields.length > 0,
      type: 'realtime',
      keywords: [c.group, c.area === 'public' ? '公共区域' : '入户'].join(','),
      group: c.group,
    };
  }

  async function services(code: string) {
    const community = await jurisdiction(code);
    return (await deps.categories.ofCommunity(community.id, { activeOnly: true })).map(service);
  }

  async function definition(code: string, serviceCode: string) {
    const community = await jurisdiction(code);
    const c = await deps.categories.byCode(community.id, serviceCode);
    if (!c || !c.active) throw NotFound('repairCategory');
    return {
      service_code: c.code,
      attributes: c.fields.map((f, i) => ({
        variable: true,
        code: f.key,
        datatype: DATATYPES[f.type],
        required: f.required,
        datatype_description: '',
        order: i + 1,
        description: f.label,
        values: f.options.map((o) => ({ key: o, name: o })),
      })),
    };
  }

  async function requests(query: z.infer<typeof RequestsQuery>, only?: string) {
    const community = await jurisdiction(query.jurisdiction_id);
    const categories = new Map(
      (await deps.categories.ofCommunity(community.id, { activeOnly: false })).map((c) => [String(c._id), c]),
    );
    const filter: Record<string, unknown> = {
      communityId: new Types.ObjectId(community.id),
      status: { $ne: 'merged' },
    };
    const ids = only ? [only] : query.service_request_id?.split(',').map((s) => s.trim());
    if (ids) {
      filter._id = {
        $in: ids.filter((id) => /^[0-9a-f]{24}$/i.test(id)).map((id) => new Types.ObjectId(id)),
      };
    } else {
      const end = query.end_date ? new Date(query.end_date) : deps.clock.now();
      const start = query.start_date
        ? new Date(query.start_date)
        : new Date(end.getTime() - MAX_SPAN_DAYS * DAY);
      if (start > end)
        throw BadRequest({
          'zh-CN': 'start_date 不能晚于 end_date',
          en: 'start_date must not be after end_date',
        });
      if (end.getTime() - start.getTime() > MAX_SPAN_DAYS * DAY)
        throw BadRequest({
          'zh-CN': `一次最多查询 ${MAX_SPAN_DAYS} 天`,
          en: `at most ${MAX_SPAN_DAYS} days per list; narrow start_date and end_date`,
        });
      filter.createdAt = { $gte: start, $lte: end };
      if (query.service_code) {
        const c = [...categories.values()].find((x) => x.code === query.service_code);
        filter.categoryId = c ? c._id : new Types.ObjectId();
      }
      if (query.status) filter.open = query.status === 'open';
    }
    const tickets = await RepairTicketModel.find(filter)
      .sort({ createdAt: -1, _id: -1 })
      .limit(MAX_REQUESTS)
      .lean<TicketDoc[]>();
    const buildings = new Map(
      (await deps.communities.listBuildings(community.id)).map((b) => [b.id, b.name]),
    );
    const teams = new Map(
      (await deps.communities.listProviders({ communityId: community.id })).map((p) => [p.id, p.name]),
    );
    return tickets.map((t) =>
      toRequest(t, categories.get(String(t.categoryId)), community.name, buildings, teams),
    );
  }

  function toRequest(
    t: TicketDoc,
    c: CategoryDoc | undefined,
    communityName: string,
    buildings: Map<string, string>,
    teams: Map<string, string>,
  ): z.infer<typeof Open311Request> {
    const isPublic = t.area === 'public';
    const status: TicketStatus = t.status;
    const last = t.history[t.history.length - 1];
    const wgs = isPublic && t.location ? gcj02ToWgs84(t.location.latitude, t.location.longitude) : undefined;
    const building = t.buildingId ? buildings.get(String(t.buildingId)) : undefined;
    return {
      service_request_id: String(t._id),
      status: OPEN_TICKET_STATUSES.includes(status) ? 'open' : 'closed',
      status_notes: ticketFlow.labels[status]['zh-CN'],
      service_name: c?.name ?? '',
      service_code: c?.code ?? '',
      description: isPublic ? maskPhones(t.description) : `${c?.name ?? '入户维修'}（入户，详情不公开）`,
      agency_responsible: teams.get(String(t.providerId)) ?? '',
      service_notice: '',
      requested_datetime: w3cDateTime(t.createdAt),
      updated_datetime: w3cDateTime(last?.at ?? t.createdAt),
      expected_datetime: w3cDateTime(t.dueAt),
      address: isPublic ? [communityName, building, t.place].filter(Boolean).join(' ') : communityName,
      address_id: isPublic ? (t.assetCode ?? '') : '',
      zipcode: '',
      ...(wgs ? { lat: Math.round(wgs.lat * 1e6) / 1e6, long: Math.round(wgs.lng * 1e6) / 1e6 } : {}),
      media_url: '',
    };
  }

  const xmlOf = (body: string) => ({ 200: { description: `XML: ${body}`, schema: null } }) as const;
  const sendXml = (ctx: { type: string; body: unknown }, text: string) => {
    ctx.type = 'application/xml; charset=utf-8';
    ctx.body = text;
  };

  const routes: Route[] = [
    route({
      method: 'get',
      path: '/services.json',
      summary: 'GeoReport v2: the repair categories of a community (jurisdiction_id = community code)',
      auth: 'public',
      input: { query: Jurisdiction },
      responses: { 200: z.array(Open311Service) },
      errors: ['NOT_FOUND'],
      handler: async (ctx) => services(ctx.input.query.jurisdiction_id),
    }),
    route({
      method: 'get',
      path: '/services.xml',
      summary: 'GeoReport v2: the services list as XML',
      auth: 'public',
      input: { query: Jurisdiction },
      responses: xmlOf('<services><service>…</service></services>'),
      errors: ['NOT_FOUND'],
      handler: async (ctx) =>
        sendXml(ctx, asXml('services', 'service', await services(ctx.input.query.jurisdiction_id))),
    }),
    route({
      method: 'get',
      path: '/services/:service_code.json',
      summary: "GeoReport v2: a service's extra fields (attributes)",
      auth: 'public',
      input: { params: z.object({ service_code: z.string().max(32) }), query: Jurisdiction },
      responses: { 200: Open311ServiceDefinition },
      errors: ['NOT_FOUND'],
      handler: async (ctx) => definition(ctx.input.query.jurisdiction_id, ctx.input.params.service_code),
    }),
    route({
      method: 'get',
      path: '/services/:service_code.xml',
      summary: 'GeoReport v2: a service definition as XML',
      auth: 'public',
      input: { params: z.object({ service_code: z.string().max(32) }), query: Jurisdiction },
      responses: xmlOf(
        '<service_definition><service_code/><attributes><attribute>…</attribute></attributes></service_definition>',
      ),
      errors: ['NOT_FOUND'],
      handler: async (ctx) => {
        const d = await definition(ctx.input.query.jurisdiction_id, ctx.input.params.service_code);
        const body = {
          service_definition: {
            service_code: d.service_code,
            attributes: { attribute: d.attributes.map((a) => ({ ...a, values: { value: a.values } })) },
          },
        };
        sendXml(ctx, `<?xml version="1.0" encoding="utf-8"?>\n${xml.build(body)}`);
      },
    }),
    route({
      method: 'get',
      path: '/requests.json',
      summary:
        'GeoReport v2: requests (service_code, status, start_date, end_date; at most 90 days, default the last 90)',
      auth: 'public',
      input: { query: RequestsQuery },
      responses: { 200: z.array(Open311Request) },
      errors: ['NOT_FOUND', 'BAD_REQUEST'],
      handler: async (ctx) => requests(ctx.input.query),
    }),
    route({
      method: 'get',
      path: '/requests.xml',
      summary: 'GeoReport v2: requests as XML',
      auth: 'public',
      input: { query: RequestsQuery },
      responses: xmlOf('<service_requests><request>…</request></service_requests>'),
      errors: ['NOT_FOUND', 'BAD_REQUEST'],
      handler: async (ctx) =>
        sendXml(ctx, asXml('service_requests', 'request', await requests(ctx.input.query))),
    }),
    route({
      method: 'get',
      path: '/requests/:service_request_id.json',
      summary: 'GeoReport v2: one request (an array of one, as the spec has it)',
      auth: 'public',
      input: { params: z.object({ service_request_id: z.string().max(40) }), query: Jurisdiction },
      responses: { 200: z.array(Open311Request) },
      errors: ['NOT_FOUND'],
      handler: async (ctx) => {
        const found = await requests(ctx.input.query, ctx.input.params.service_request_id);
        if (found.length === 0) throw NotFound('repairTicket');
        return found;
      },
    }),
    route({
      method: 'get',
      path: '/requests/:service_request_id.xml',
      summary: 'GeoReport v2: one request as XML',
      auth: 'public',
      input: { params: z.object({ service_request_id: z.string().max(40) }), query: Jurisdiction },
      responses: xmlOf('<service_requests><request>…</request></service_requests>'),
      errors: ['NOT_FOUND'],
      handler: async (ctx) => {
        const found = await requests(ctx.input.query, ctx.input.params.service_request_id);
        if (found.length === 0) throw NotFound('repairTicket');
        sendXml(ctx, asXml('service_requests', 'request', found));
      },
    }),
  ];
  return { name: 'open311', basePath: `${API_V1}/open311/v2`, routes };
}
