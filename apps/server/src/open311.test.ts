import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueApiKey } from '@gongzhi/api/open311';
import { OPERATOR } from '@gongzhi/api/use-cases/administrator';
import { revokeApiKey } from '@gongzhi/api/use-cases/revoke-api-key';
import { InboxBus } from '@gongzhi/api';
import { listInbox, seedReference, type DatabaseHandle } from '@gongzhi/db';
import { testTargets } from '@gongzhi/db/testing';
import { ManualClock } from '@gongzhi/domain';
import { loadAlliance } from '@gongzhi/geo';
import type { Hono } from 'hono';
import { sql } from 'drizzle-orm';
import { createApp } from './app.ts';

/** GeoReport v2 as a civic-reporting client sees it: every endpoint, both formats, the specification's errors. */
describe.each(testTargets())('Open311 GeoReport v2 on $name', (target) => {
  let handle: DatabaseHandle;
  let app: Hono;
  let apiKey = '';
  const clock = new ManualClock('2026-11-27T08:00:00Z');
  const base = '/open311/v2';
  /** The JSON of a response, read freely by the assertions. */
  const json = (res: Response): Promise<any> => res.json();
  const get = (path: string, headers: Record<string, string> = {}) => app.request(`${base}/${path}`, { headers });
  const post = (format: 'json' | 'xml', fields: Record<string, string>, headers: Record<string, string> = {}) =>
    app.request(`${base}/requests.${format}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(fields).toString(),
    });
  const valid = () => ({
    api_key: apiKey,
    jurisdiction_id: '510100',
    service_code: 'VEN-02',
    lat: '30.6574',
    long: '104.0657',
    description: '春熙路一家奶茶店把桌椅摆到人行道上,行人只能走车道',
    first_name: '小明',
    last_name: '王',
    phone: '13800001234',
    email: 'wang@example.com',
    'attribute[SEVERITY]': 'ordinary',
    media_url: 'https://img.example.com/1.jpg',
  });
  /** The specification's error document, in either format, and the HTTP status. */
  async function errorOf(res: Response, format: 'json' | 'xml') {
    const text = await res.text();
    if (format === 'json') {
      const [e] = JSON.parse(text) as Array<{ code: number; description: string }>;
      return { status: res.status, code: e!.code, description: e!.description };
    }
    const m = /<errors><error><code>(\d+)<\/code><description>(.*)<\/description><\/error><\/errors>/.exec(text)!;
    return { status: res.status, code: Number(m[1]), description: m[2]! };
  }

  beforeAll(async () => {
    handle = await target.open();
    await seedReference(handle.db, loadAlliance(), clock.now());
    app = createApp({ services: { db: handle.db, clock, alliance: loadAlliance(), bus: new InboxBus() } });
    apiKey = (await issueApiKey({ ctx: { db: handle.db, clock, administrator: OPERATOR }, input: { name: 'citizen-app', ratePerMinute: 10_000 } })).apiKey;
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('answers discovery in both formats', async () => {
    const j = await json(await get('discovery.json'));
    expect(j.endpoints[0]).toMatchObject({
      specification: 'http://wiki.open311.org/GeoReport_v2',
      type: 'production',
      formats: ['text/xml', 'application/json'],
    });
    expect(j.endpoints[0].url).toMatch(/\/open311\/v2$/);
    const x = await get('discovery.xml');
    expect(x.headers.get('content-type')).toContain('text/xml');
    expect(await x.text()).toMatch(
      /^<\?xml version="1.0" encoding="utf-8"\?><discovery><changeset>.*<endpoints><endpoint><specification>http:\/\/wiki.open311.org\/GeoReport_v2<\/specification>.*<formats><format>text\/xml<\/format><format>application\/json<\/format><\/formats><\/endpoint><\/endpoints><\/discovery>$/,
    );
  });

  it('lists one service per matter, grouped by domain, with keywords, in both formats', async () => {
    const list = await json(await get('services.json?jurisdiction_id=510100'));
    expect(list).toHaveLength(33);
    expect(list.find((s: { service_code: string }) => s.service_code === 'VEN-05')).toMatchObject({
      service_name: '临时便民点管理',
      metadata: true,
      type: 'realtime',
      group: '占道经营',
      keywords: expect.stringContaining('便民点'),
    });
    const xml = await (await get('services.xml')).text();
    expect(xml.match(/<service>/g)).toHaveLength(33);
    expect(xml).toContain('<service><service_code>ADV-01</service_code><service_name>违规设置户外广告/招牌</service_name>');
    expect(await errorOf(await get('services.json?jurisdiction_id=beijing'), 'json')).toMatchObject({ status: 404, code: 404 });
  });

  it('defines each service’s attributes in both formats; an unknown service is 404', async () => {
    const def = await json(await get('services/FUM-02.json'));
    expect(def.service_code).toBe('FUM-02');
    expect(def.attributes.map((a: { code: string }) => a.code)).toEqual(['SEVERITY', 'REPORTED_BEFORE', 'OCCURRED_AT']);
    expect(def.attributes[0]).toMatchObject({
      variable: true,
      datatype: 'singlevaluelist',
      required: false,
      order: 1,
      values: [
        { key: 'minor', name: '轻微' },
        { key: 'ordinary', name: '一般' },
        { key: 'serious', name: '严重' },
      ],
    });
    const xml = await (await get('services/FUM-02.xml')).text();
    expect(xml).toContain('<service_definition><service_code>FUM-02</service_code><attributes><attribute><variable>true</variable><code>SEVERITY</code>');
    for (const format of ['json', 'xml'] as const) {
      expect(await errorOf(await get(`services/XXX-99.${format}`), format)).toMatchObject({
        status: 404,
        code: 404,
        description: 'service_code“XXX-99”不存在。',
      });
    }
  });

  it('takes a request (form-encoded), routes it to the lead unit’s inbox and answers its id and token, in both formats', async () => {
    const res = await post('json', valid());
    expect(res.status).toBe(200);
    const [created] = await json(res);
    expect(created).toMatchObject({ service_request_id: expect.stringMatching(/^\d+$/), token: expect.stringMatching(/^[A-Z2-9]{8}$/), account_id: null });
    expect(created.service_notice).toContain('成都市城市管理委员会');
    const inbox = await listInbox(handle.db, { inboxes: ['510100:urban'] });
    expect(inbox.find((t) => t.caseNumber === Number(created.service_request_id))).toMatchObject({ action: 'claim', matterCode: 'VEN-02' });

    const xml = await (await post('xml', { ...valid(), service_code: 'FAC-01', description: '路灯不亮' })).text();
    expect(xml).toMatch(
      /^<\?xml version="1.0" encoding="utf-8"\?><service_requests><request><service_request_id>\d+<\/service_request_id><token>[A-Z2-9]{8}<\/token><service_notice>.+<\/service_notice><account_id\/><\/request><\/service_requests>$/,
    );

    // A written address is enough: the district it names places the request.
    const fields = valid() as Record<string, string>;
    delete fields.lat;
    delete fields.long;
    const placed = await post('json', { ...fields, address_string: '成都市武侯区玉林北路 12 号' });
    expect(placed.status).toBe(200);
    const [{ service_request_id }] = await json(placed);
    const [req] = await json(await get(`requests/${service_request_id}.json`));
    expect(req).toMatchObject({ address: null, agency_responsible: '成都市城市管理委员会(综合行政执法)' });
  });

  it('takes a report posted exactly as FixMyStreet’s Open311 client sends it: every defined attribute present, empty when unanswered', async () => {
    // perllib/Open311.pm (_populate_service_request_params, then HTTP::Request::Common POST): one form-encoded body with
    // jurisdiction_id and api_key beside the fields, lat/long truncated to six decimals, the description as title, detail and
    // the report's URL, and attribute[CODE] for every attribute the service defines, '' for a question the citizen skipped.
    const perlEscape = (v: string) =>
      encodeURIComponent(v)
        .replace(/%20/g, '+')
        .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    const fields: Array<[string, string]> = [
      ['attribute[OCCURRED_AT]', ''],
      ['service_code', 'SAN-02'],
      ['last_name', ''],
      ['api_key', apiKey],
      ['description', '垃圾桶满了没人清\n\n建设路口的垃圾桶已经满了三天。\n\nhttps://fms.example.org/report/4711\n'],
      ['lat', '30.657400'],
      ['attribute[SEVERITY]', ''],
      ['first_name', 'Lin'],
      ['long', '104.065700'],
      ['email', 'lin@example.org'],
      ['jurisdiction_id', '510100'],
      ['attribute[REPORTED_BEFORE]', 'yes'],
    ];
    const body = fields.map(([k, v]) => `${perlEscape(k)}=${perlEscape(v)}`).join('&');
    const res = await app.request(`${base}/requests.xml`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'libwww-perl/6.72' },
      body,
    });
    const xml = await res.text();
    expect(res.status, xml).toBe(200);
    const id = /<service_request_id>(\d+)<\/service_request_id>/.exec(xml)?.[1];
    const token = /<token>([A-Z2-9]{8})<\/token>/.exec(xml)?.[1];
    expect(id).toBeDefined();
    // The unanswered questions are not stored as answers; the answered one is.
    const { rows } = (await handle.db.execute(sql`select attributes from cases where number = ${Number(id)}`)) as unknown as {
      rows: Array<{ attributes: unknown }>;
    };
    expect(rows[0]?.attributes).toEqual({ REPORTED_BEFORE: 'yes' });
    // FixMyStreet then reads it back and resolves its token.
    expect(await (await get(`requests/${id}.xml?jurisdiction_id=510100`)).text()).toContain(
      `<service_request_id>${id}</service_request_id><status>open</status>`,
    );
    expect(await (await get(`tokens/${token}.xml?jurisdiction_id=510100`)).text()).toContain(`<service_request_id>${id}</service_request_id>`);
    // An answer that is there must still be one of the service's values.
    const bad = body.replace('attribute%5BSEVERITY%5D=', 'attribute%5BSEVERITY%5D=extreme');
    expect(
      await errorOf(
        await app.request(`${base}/requests.xml`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: bad }),
        'xml',
      ),
    ).toEqual({
      status: 400,
      code: 400,
      description: 'attribute[SEVERITY] 的值“extreme”无效。',
    });
  });

  it('answers every bad request with the specification’s error document and status, in both formats', async () => {
    const without = (key: string) => {
      const f = valid() as Record<string, string>;
      delete f[key];
      return f;
    };
    const cases: Array<[string, Record<string, string>, number, string]> = [
      ['missing api_key', without('api_key'), 403, 'api_key 缺失或无效。请向平台管理员申请。'],
      ['bad api_key', { ...valid(), api_key: 'o311_wrong' }, 403, 'api_key 缺失或无效。请向平台管理员申请。'],
      ['missing service code', without('service_code'), 400, 'service_code 为必填项。'],
      ['unknown service code', { ...valid(), service_code: 'XXX-99' }, 400, 'service_code“XXX-99”不存在。'],
      ['outside the alliance', { ...valid(), lat: '39.9', long: '116.4' }, 400, '位置(116.400000, 39.900000)不在成都、德阳、眉山、资阳四市范围内。'],
      ['description over 4,000 characters', { ...valid(), description: '占'.repeat(4001) }, 400, 'description 超过 4000 字(当前 4001 字)。'],
      [
        'unknown jurisdiction',
        { ...valid(), jurisdiction_id: '110100' },
        404,
        'jurisdiction_id“110100”不存在;可用:510100(成都)、510600(德阳)、511400(眉山)、512000(资阳)。',
      ],
      ['missing jurisdiction', without('jurisdiction_id'), 400, 'jurisdiction_id 为必填项:510100(成都)、510600(德阳)、511400(眉山)、512000(资阳)。'],
      ['no location', without('lat'), 400, 'lat/long 必须是有效的 WGS84 坐标(纬度 -90 到 90,经度 -180 到 180)。'],
      ['bad attribute value', { ...valid(), 'attribute[SEVERITY]': 'extreme' }, 400, 'attribute[SEVERITY] 的值“extreme”无效。'],
      ['bad media url', { ...valid(), media_url: 'ftp://x' }, 400, 'media_url 必须是 http 或 https 地址。'],
    ];
    const before = await listInbox(handle.db, { inboxes: ['510100:urban'], limit: 5000 });
    for (const [name, fields, status, description] of cases) {
      for (const format of ['json', 'xml'] as const) {
        expect(await errorOf(await post(format, fields), format), `${name} (${format})`).toEqual({ status, code: status, description });
      }
    }
    expect(await listInbox(handle.db, { inboxes: ['510100:urban'], limit: 5000 })).toHaveLength(before.length);
    const fields = valid() as Record<string, string>;
    delete fields.lat;
    delete fields.long;
    expect(await errorOf(await post('json', fields), 'json')).toMatchObject({ status: 400, description: '必须提供位置:lat 和 long,或 address_string。' });
    expect(await errorOf(await post('json', { ...fields, address_string: '人民路 1 号' }), 'json')).toMatchObject({ status: 400 });
    // English for a client that asks for it.
    expect(await errorOf(await post('json', { ...valid(), api_key: '' }, { 'accept-language': 'en-US,en;q=0.9' }), 'json')).toMatchObject({
      status: 403,
      description: 'api_key is missing or invalid. Ask the platform administrator for one.',
    });
  });

  it('lists requests by id, service code, status and date range within the specification’s limits', async () => {
    const ids: string[] = [];
    for (const code of ['SAN-01', 'SAN-01', 'FAC-03']) {
      const [r] = await json(await post('json', { ...valid(), service_code: code, lat: String(30.6 + ids.length * 0.01) }));
      ids.push(r.service_request_id);
    }
    const byId = await json(await get(`requests.json?service_request_id=${ids[0]},${ids[2]}`));
    expect(byId.map((r: { service_request_id: string }) => r.service_request_id).sort()).toEqual([ids[0], ids[2]].sort());
    const byCode = await json(await get('requests.json?service_code=SAN-01&status=open'));
    expect(byCode.filter((r: { service_request_id: string }) => ids.includes(r.service_request_id))).toHaveLength(2);
    expect(byCode[0]).toMatchObject({
      status: 'open',
      status_notes: '已派单,待签收',
      service_name: '道路清扫保洁不到位',
      lat: expect.any(Number),
      long: expect.any(Number),
    });
    expect(byCode[0].expected_datetime).toBe('2026-11-27T10:00:00.000Z');
    expect(await json(await get('requests.json?service_code=SAN-01&status=closed'))).toEqual([]);
    const window = await json(await get('requests.json?start_date=2026-11-26T00:00:00%2B08:00&end_date=2026-11-28T00:00:00%2B08:00&jurisdiction_id=chengdu'));
    expect(window.length).toBeGreaterThanOrEqual(5);
    expect(await errorOf(await get('requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-11-27T00:00:00Z'), 'json')).toMatchObject({
      status: 400,
      description: 'start_date 与 end_date 之间最多 90 天。',
    });
    expect(await errorOf(await get('requests.xml?start_date=yesterday'), 'xml')).toMatchObject({ status: 400 });
    expect(await errorOf(await get('requests.json?status=pending'), 'json')).toMatchObject({ status: 400 });
    const xml = await (await get(`requests.xml?service_request_id=${ids[1]}`)).text();
    expect(xml).toContain(`<service_requests><request><service_request_id>${ids[1]}</service_request_id><status>open</status>`);
    // Nothing about the reporter, nor the complaint text, is published.
    const all = JSON.stringify(await json(await get('requests.json')));
    for (const secret of ['王小明', '小明', '13800001234', 'wang@example.com', '奶茶店']) expect(all).not.toContain(secret);
  });

  it('answers one request and a token in both formats, 404 for unknown ones', async () => {
    const [created] = await json(await post('json', valid()));
    const [one] = await json(await get(`requests/${created.service_request_id}.json`));
    expect(one).toMatchObject({
      service_request_id: created.service_request_id,
      service_code: 'VEN-02',
      status: 'open',
      media_url: 'https://img.example.com/1.jpg',
    });
    expect(await (await get(`requests/${created.service_request_id}.xml`)).text()).toContain(
      `<request><service_request_id>${created.service_request_id}</service_request_id>`,
    );
    expect(await json(await get(`tokens/${created.token}.json`))).toEqual([{ service_request_id: created.service_request_id, token: created.token }]);
    expect(await (await get(`tokens/${created.token}.xml`)).text()).toContain(
      `<service_requests><request><service_request_id>${created.service_request_id}</service_request_id><token>${created.token}</token></request></service_requests>`,
    );
    for (const format of ['json', 'xml'] as const) {
      expect(await errorOf(await get(`requests/99999999.${format}`), format)).toMatchObject({
        status: 404,
        description: 'service_request_id“99999999”不存在。',
      });
      expect(await errorOf(await get(`tokens/NOPE.${format}`), format)).toMatchObject({ status: 404 });
    }
    expect((await get('requests.csv')).status).toBe(404);
    expect((await app.request(`${base}/services.json`, { method: 'POST' })).status).toBe(405);
  });

  it('#9 publishes no address and only a position coarsened to about 100 m in GET requests and requests/{id}', async () => {
    const [{ service_request_id: id }] = await json(
      await post('json', { ...valid(), lat: '30.657431', long: '104.065712', address_string: '锦江区春熙路 8 号 3 单元 502' }),
    );
    const one = [...(await json(await get(`requests/${id}.json`))), ...(await json(await get(`requests.json?service_request_id=${id}`)))];
    const xml = await (await get(`requests/${id}.xml`)).text();
    for (const r of one) expect(r).toMatchObject({ address: null, lat: 30.6575, long: 104.0655 });
    for (const text of [JSON.stringify(await json(await get('requests.json'))), xml]) {
      expect(text).not.toContain('春熙路');
      expect(text).not.toContain('30.657431');
      expect(text).not.toContain('104.065712');
    }
    expect(xml).toContain('<lat>30.6575</lat><long>104.0655</long>');
  });

  it('#12 a revoked api_key is refused on its next request; a key over its rate gets the specification’s 429 until the minute is over', async () => {
    const issued = await issueApiKey({ ctx: { db: handle.db, clock, administrator: OPERATOR }, input: { name: 'rate-test', ratePerMinute: 2 } });
    // Requests without a service code are refused after the key is counted: no case is stored.
    const probe = (format: 'json' | 'xml', headers: Record<string, string> = {}) =>
      app.request(`${base}/requests.${format}?api_key=${issued.apiKey}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: 'jurisdiction_id=510100',
      });
    expect((await probe('json')).status).toBe(400);
    expect((await probe('json')).status).toBe(400);
    const limited = await probe('json');
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(await errorOf(limited, 'json')).toEqual({ status: 429, code: 429, description: '该 api_key 每分钟最多 2 次请求,请在 60 秒后重试。' });
    clock.advance(45_000);
    expect(await errorOf(await probe('xml', { 'accept-language': 'en' }), 'xml')).toEqual({
      status: 429,
      code: 429,
      description: 'This api_key may make 2 requests a minute; try again in 15 seconds.',
    });
    clock.advance(15_000);
    const [created] = await json(await post('json', { ...valid(), api_key: issued.apiKey }));
    expect(created.service_request_id).toMatch(/^\d+$/);

    await revokeApiKey({ ctx: { db: handle.db, clock, administrator: OPERATOR }, input: { id: issued.id } });
    expect(await errorOf(await post('json', { ...valid(), api_key: issued.apiKey }), 'json')).toMatchObject({ status: 403, code: 403 });
    expect(await errorOf(await probe('xml'), 'xml')).toMatchObject({ status: 403, code: 403 });
    const { rows } = (await handle.db.execute(sql`select request_count from open311_clients where id = ${issued.id}`)) as unknown as {
      rows: Array<{ request_count: number }>;
    };
    expect(rows[0]?.request_count).toBe(5);
  });
});
