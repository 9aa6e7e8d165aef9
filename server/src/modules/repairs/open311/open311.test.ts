/**
 * Open311 GeoReport v2 read endpoints as a city platform calls them: every field the spec lists,
 * with its type, in JSON and in XML; statuses mapped to open/closed; expected_datetime from the
 * deadline; at most 90 days per list; coordinates in WGS84; and nothing personal.
 */
import { XMLParser } from 'fast-xml-parser';
import request from 'supertest';
import { startTestApi, type TestApi } from '../../../test-support/api';
import {
  as,
  makeRepairWorld,
  move,
  reportHome,
  reportLift,
  residentOf,
  type RepairWorld,
} from '../test-factories';
import { gcj02ToWgs84 } from './gcj02';

let api: TestApi;
let world: RepairWorld;
let lift: { id: string; dueAt: string };
let home: { id: string };
let reporterName: string;
const BASE = '/api/v1/open311/v2';
const W3C = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;
const GCJ = { latitude: 31.2304, longitude: 121.4737 };

beforeAll(async () => {
  api = await startTestApi({ RATE_LIMIT_POINTS: '100000' });
  world = await makeRepairWorld(api);
  const reporter = await residentOf(api, world);
  reporterName = (await (await as(api, reporter)).get('/me')).body.displayName;
  lift = await reportLift(api, world, reporter, {
    location: GCJ,
    description: '电梯坏了，请联系13812345678',
  });
  home = await reportHome(api, world, reporter, { description: '我家厨房漏水，张阿姨' });
  await move(api, world.operator, home.id, { action: 'reject', note: '业主自修' });
});
afterAll(() => api.stop());

const get = (path: string) => request(api.url).get(`${BASE}${path}`);
const j = () => `jurisdiction_id=${encodeURIComponent(world.community.code)}`;

const SERVICE_FIELDS: Record<string, string> = {
  service_code: 'string',
  service_name: 'string',
  description: 'string',
  metadata: 'boolean',
  type: 'string',
  keywords: 'string',
  group: 'string',
};
const REQUEST_FIELDS: Record<string, string> = {
  service_request_id: 'string',
  status: 'string',
  status_notes: 'string',
  service_name: 'string',
  service_code: 'string',
  description: 'string',
  agency_responsible: 'string',
  service_notice: 'string',
  requested_datetime: 'string',
  updated_datetime: 'string',
  expected_datetime: 'string',
  address: 'string',
  address_id: 'string',
  zipcode: 'string',
  media_url: 'string',
};

it('lists services with every field of the spec, typed', async () => {
  const res = await get(`/services.json?${j()}`);
  expect(res.status).toBe(200);
  expect(res.body).toHaveLength(2);
  for (const service of res.body) {
    for (const [field, type] of Object.entries(SERVICE_FIELDS))
      expect([field, typeof service[field]]).toEqual([field, type]);
    expect(['realtime', 'batch', 'blackbox']).toContain(service.type);
  }
  const lift_ = res.body.find((s: { service_code: string }) => s.service_code === 'lift');
  expect(lift_).toMatchObject({ service_name: '电梯故障', group: '公共设施', metadata: true });
  expect((await get('/services.json?jurisdiction_id=nowhere')).status).toBe(404);
  expect((await get('/services.json')).status).toBe(400);
});

it('defines a service by its attributes', async () => {
  const res = await get(`/services/plumbing.json?${j()}`);
  expect(res.status).toBe(200);
  expect(res.body.service_code).toBe('plumbing');
  const [room, note] = res.body.attributes;
  for (const a of res.body.attributes) {
    expect(typeof a.variable).toBe('boolean');
    expect(typeof a.code).toBe('string');
    expect(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']).toContain(
      a.datatype,
    );
    expect(typeof a.required).toBe('boolean');
    expect(typeof a.datatype_description).toBe('string');
    expect(Number.isInteger(a.order)).toBe(true);
    expect(typeof a.description).toBe('string');
    expect(Array.isArray(a.values)).toBe(true);
  }
  expect(room).toMatchObject({ code: 'room', datatype: 'singlevaluelist', required: true, order: 1 });
  expect(room.values).toEqual([
    { key: '厨房', name: '厨房' },
    { key: '卫生间', name: '卫生间' },
    { key: '阳台', name: '阳台' },
  ]);
  expect(note).toMatchObject({ code: 'note', datatype: 'string', required: false, order: 2 });
  expect((await get(`/services/nope.json?${j()}`)).status).toBe(404);
});

it('lists requests with every field, typed; open/closed with notes; the deadline as expected_datetime; WGS84', async () => {
  const res = await get(`/requests.json?${j()}`);
  expect(res.status).toBe(200);
  expect(res.body).toHaveLength(2);
  for (const r of res.body) {
    for (const [field, type] of Object.entries(REQUEST_FIELDS))
      expect([field, typeof r[field]]).toEqual([field, type]);
    expect(['open', 'closed']).toContain(r.status);
    for (const f of ['requested_datetime', 'updated_datetime', 'expected_datetime'])
      expect(r[f]).toMatch(W3C);
  }
  const l = res.body.find((r: { service_request_id: string }) => r.service_request_id === lift.id);
  expect(l).toMatchObject({
    status: 'open',
    service_code: 'lift',
    status_notes: '已提交',
    agency_responsible: '安居物业维修班',
  });
  expect(new Date(l.expected_datetime).toISOString()).toBe(new Date(lift.dueAt).toISOString());
  const wgs = gcj02ToWgs84(GCJ.latitude, GCJ.longitude);
  expect(typeof l.lat).toBe('number');
  expect(typeof l.long).toBe('number');
  expect(Math.abs(l.lat - wgs.lat)).toBeLessThan(1e-5);
  expect(Math.abs(l.long - wgs.lng)).toBeLessThan(1e-5);
  expect(l.lat).not.toBeCloseTo(GCJ.latitude, 4);
  const h = res.body.find((r: { service_request_id: string }) => r.service_request_id === home.id);
  expect(h).toMatchObject({ status: 'closed', status_notes: '未受理' });
});

it('says nothing personal: no names, no phone numbers, no in-home details', async () => {
  const text = JSON.stringify((await get(`/requests.json?${j()}`)).body);
  expect(text).not.toContain('13812345678');
  expect(text).toContain('138****5678');
  expect(text).not.toContain('厨房漏水');
  expect(text).not.toContain('张阿姨');
  expect(text).not.toContain(reporterName);
  expect(text).not.toMatch(/reporter|household|user/i);
});

it('filters by service_code, status and dates, one request by id; at most 90 days per list', async () => {
  expect(
    (await get(`/requests.json?${j()}&service_code=lift`)).body.map(
      (r: { service_request_id: string }) => r.service_request_id,
    ),
  ).toEqual([lift.id]);
  expect(
    (await get(`/requests.json?${j()}&status=closed`)).body.map(
      (r: { service_request_id: string }) => r.service_request_id,
    ),
  ).toEqual([home.id]);
  const now = api.clock.now();
  const iso = (d: Date) => d.toISOString();
  const later = iso(new Date(now.getTime() + 3_600_000));
  expect(
    (
      await get(
        `/requests.json?${j()}&start_date=${later}&end_date=${iso(new Date(now.getTime() + 7_200_000))}`,
      )
    ).body,
  ).toEqual([]);
  const tooLong = await get(
    `/requests.json?${j()}&start_date=${iso(new Date(now.getTime() - 91 * 86_400_000))}&end_date=${iso(now)}`,
  );
  expect(tooLong.status).toBe(400);
  const one = await get(`/requests/${lift.id}.json?${j()}`);
  expect(one.body).toHaveLength(1);
  expect(one.body[0].service_request_id).toBe(lift.id);
  expect((await get(`/requests/${'0'.repeat(24)}.json?${j()}`)).status).toBe(404);
});

it('answers the same in XML', async () => {
  const parser = new XMLParser({
    parseTagValue: false,
    isArray: (name) => ['service', 'request', 'attribute', 'value'].includes(name),
  });
  const services = await get(`/services.xml?${j()}`);
  expect(services.headers['content-type']).toContain('application/xml');
  const s = parser.parse(services.text).services.service;
  expect(s).toHaveLength(2);
  for (const field of Object.keys(SERVICE_FIELDS)) expect(s[0]).toHaveProperty(field);
  const def = parser.parse((await get(`/services/plumbing.xml?${j()}`)).text).service_definition;
  expect(def.service_code).toBe('plumbing');
  expect(def.attributes.attribute[0]).toMatchObject({
    code: 'room',
    datatype: 'singlevaluelist',
    required: 'true',
  });
  expect(def.attributes.attribute[0].values.value).toHaveLength(3);
  const reqs = parser.parse((await get(`/requests.xml?${j()}`)).text).service_requests.request;
  expect(reqs).toHaveLength(2);
  for (const field of Object.keys(REQUEST_FIELDS)) expect(reqs[0]).toHaveProperty(field);
  const one = parser.parse((await get(`/requests/${lift.id}.xml?${j()}`)).text).service_requests.request;
  expect(one[0].service_request_id).toBe(lift.id);
});

it('is documented in OpenAPI', async () => {
  const doc = (await request(api.url).get('/api/openapi.json')).body;
  const paths = Object.keys(doc.paths ?? {});
  for (const p of [
    '/services.json',
    '/services/{service_code}.json',
    '/requests.json',
    '/requests/{service_request_id}.json',
    '/requests.xml',
  ])
    expect(paths).toContain(`${BASE}${p}`);
});
