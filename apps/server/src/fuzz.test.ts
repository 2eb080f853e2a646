import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { hashPassword } from '@gongzhi/auth';
import { InboxBus, appRouter } from '@gongzhi/api';
import { issueApiKey } from '@gongzhi/api/open311';
import { OPERATOR } from '@gongzhi/api/use-cases/administrator';
import { DEMO_PASSWORD, seedDemoUsers, seedReference, type DatabaseHandle } from '@gongzhi/db';
import { testTargets } from '@gongzhi/db/testing';
import { ManualClock } from '@gongzhi/domain';
import { loadAlliance } from '@gongzhi/geo';
import type { Hono } from 'hono';
import { createApp } from './app.ts';

/**
 * Generated bad input (fast-check, fixed seed, bounded) to every tRPC procedure, enumerated from
 * the router, as an anonymous caller and as people with the widest rights, and to every Open311
 * endpoint: no answer is a 5xx, and every refusal is a well-formed error of its interface (tRPC's
 * error shape; GeoReport v2's error document). The figures are printed.
 */
const SEED = 20261128;
const PER_PROCEDURE = 4;
const OPEN311_REQUESTS = 240;

const procedures = Object.entries((appRouter as unknown as { _def: { procedures: Record<string, { _def: { type: string } }> } })._def.procedures)
  .filter(([, p]) => p._def.type !== 'subscription') // a stream; its input is checked the same way as a query's
  .map(([name, p]) => ({ name, type: p._def.type }))
  .sort((a, b) => a.name.localeCompare(b.name));

// The field names the inputs use, read from the zod schemas, so generated objects reach past "unknown key".
const apiSrc = fileURLToPath(new URL('../../../packages/api/src/', import.meta.url));
const sources = [`${apiSrc}inputs.ts`, ...readdirSync(`${apiSrc}routers`).map((f) => `${apiSrc}routers/${f}`)].map((f) => readFileSync(f, 'utf8'));
const KEYS = [...new Set(sources.flatMap((s) => [...s.matchAll(/\b([a-zA-Z]\w*): z\./g)].map((m) => m[1]!)))].sort();

const nastyText = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\u0007bell',
    '%',
    '%E4%',
    '%zz',
    '../../etc/passwd',
    "' or 1=1 --",
    '<x>&amp;',
    ']]>',
    '275760-09-13',
    '2026-13-45T99:99',
    '-1',
    '1e309',
    'NaN',
    '\uD800',
    '=cmd|x',
    ' ',
    '',
    '510100',
    '510100:urban',
    'VEN-02',
    '2026-10',
    '2026-W99',
    '00000000-0000-0000-0000-000000000000',
  ),
  fc.string({ minLength: 2_000, maxLength: 3_000 }),
);
const nastyNumber = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 2 ** 31, 2 ** 53, 1e308, -1e308, 0.1, 8.64e15 + 1, -8.64e15 - 1));
/** Values that pass a schema's first look (ids, codes, periods, small numbers), so calls get past zod into the use cases. */
const plausible = fc.oneof(
  fc.uuid(),
  fc.constantFrom('510100', '510600', '511400', '512000', '510104', 'VEN-02', 'FAC-01', 'SAN-01', 'urban', 'market', 'police', 'leadership'),
  fc.constantFrom('coordinator', 'liaison', 'supervisor', 'admin', '2026-10', '2026-W44', '2026-Q3', 'zh', 'en', 'hotline', 'case', 'dispute'),
  fc.integer({ min: -3, max: 400 }),
  fc.date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.double({ min: 100, max: 110, noNaN: true }),
  fc.double({ min: 28, max: 33, noNaN: true }),
);
const { value: nastyValue } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { arbitrary: plausible, weight: 3 },
    nastyText,
    nastyNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 4 }),
  ),
}));
/** What is sent as a procedure's input: anything, but mostly objects with the inputs' own field names. */
const badInput = fc.oneof(
  { arbitrary: fc.dictionary(fc.constantFrom(...KEYS), nastyValue, { minKeys: 1, maxKeys: 6 }), weight: 4 },
  { arbitrary: nastyValue, weight: 1 },
);

const OPEN311_FIELDS = [
  'api_key',
  'jurisdiction_id',
  'service_code',
  'lat',
  'long',
  'address_string',
  'address_id',
  'description',
  'first_name',
  'last_name',
  'email',
  'phone',
  'device_id',
  'account_id',
  'media_url',
  'attribute[SEVERITY]',
  'start_date',
  'end_date',
  'status',
  'service_request_id',
  'lang',
];
const segment = fc.oneof(nastyText.map(encodeURIComponent), fc.constantFrom('%', '%E0%A4%A', 'VEN-02', '1', '%00', 'x.json'));
const open311Request = fc.record({
  method: fc.constantFrom('GET', 'GET', 'POST', 'POST', 'PUT'),
  path: fc.oneof(
    {
      arbitrary: fc.constantFrom('discovery.json', 'services.json', 'services.xml', 'requests.json', 'requests.json', 'requests.xml', 'requests.xml'),
      weight: 5,
    },
    {
      arbitrary: fc.tuple(fc.constantFrom('services', 'requests', 'tokens'), segment, fc.constantFrom('json', 'xml')).map(([r, s, f]) => `${r}/${s}.${f}`),
      weight: 3,
    },
    fc.tuple(fc.constantFrom('requests', 'services'), segment).map(([r, s]) => `${r}.${s}`),
    segment,
  ),
  query: fc.dictionary(fc.constantFrom(...OPEN311_FIELDS), nastyText, { maxKeys: 4 }),
  form: fc.dictionary(fc.constantFrom(...OPEN311_FIELDS), nastyText, { maxKeys: 8 }),
  validKey: fc.boolean(),
  body: fc.constantFrom('form', 'form', 'json', 'multipart-truncated', 'garbage'),
});

const isTrpcError = (body: unknown) => {
  const e = (body as { error?: { message?: unknown; code?: unknown; data?: { code?: unknown; httpStatus?: unknown } } } | null)?.error;
  return typeof e?.message === 'string' && typeof e.code === 'number' && typeof e.data?.code === 'string' && typeof e.data.httpStatus === 'number';
};
const isOpen311Error = (text: string) => {
  if (/^<\?xml[^>]*>\s*<errors><error><code>\d+<\/code><description>[^<]*<\/description><\/error><\/errors>\s*$/.test(text)) return true;
  try {
    const body = JSON.parse(text) as unknown;
    return Array.isArray(body) && body.length > 0 && body.every((e) => typeof e?.code === 'number' && typeof e?.description === 'string');
  } catch {
    return false;
  }
};

describe.each(testTargets())('fuzzing every interface on $name', (target) => {
  let handle: DatabaseHandle;
  let app: Hono;
  let apiKey = '';
  const clock = new ManualClock('2026-11-27T08:00:00Z');
  const cookies: Record<string, string> = {};
  const headers = { host: 'localhost:3000' };
  async function signIn(username: string) {
    const res = await app.request('/trpc/auth.login', {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: DEMO_PASSWORD }),
    });
    cookies[username] = res.headers.get('set-cookie')!.split(';')[0]!;
  }

  beforeAll(async () => {
    handle = await target.open();
    await seedReference(handle.db, loadAlliance(), clock.now());
    await seedDemoUsers(handle.db, hashPassword, clock.now());
    app = createApp({ services: { db: handle.db, clock, alliance: loadAlliance(), bus: new InboxBus(), classifier: { suggest: () => [] } } });
    for (const username of ['leadership', 'admin', 'cd-coordinator']) await signIn(username);
    apiKey = (await issueApiKey({ ctx: { db: handle.db, clock, administrator: OPERATOR }, input: { name: 'fuzz', ratePerMinute: 100_000 } })).apiKey;
  }, 120_000);
  afterAll(async () => {
    await handle?.close();
  });

  it('answers bad input to every tRPC procedure with a 4xx in tRPC’s error shape, never a 5xx', { timeout: 240_000 }, async () => {
    const callers = [undefined, 'leadership', 'admin', 'cd-coordinator'] as const;
    const inputs = fc.sample(badInput, { seed: SEED, numRuns: procedures.length * PER_PROCEDURE });
    const faults: string[] = [];
    const statuses = new Map<number, number>();
    let sent = 0;
    for (const [i, { name, type }] of procedures.entries()) {
      for (let k = 0; k < PER_PROCEDURE; k++) {
        const input = inputs[i * PER_PROCEDURE + k];
        const caller = callers[(i + k) % callers.length];
        const cookie: Record<string, string> = caller ? { cookie: cookies[caller]! } : {};
        const res =
          type === 'query'
            ? await app.request(`/trpc/${name}?input=${encodeURIComponent(JSON.stringify(input) ?? 'null')}`, { headers: { ...headers, ...cookie } })
            : await app.request(`/trpc/${name}`, {
                method: 'POST',
                headers: { ...headers, ...cookie, 'content-type': 'application/json' },
                body: JSON.stringify(input) ?? 'null',
              });
        sent++;
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const text = await res.text();
        let body: unknown = null;
        try {
          body = JSON.parse(text);
        } catch {
          // not JSON: reported below
        }
        // A generated call may end its own session (auth.logout, a password change): sign in again.
        if (res.status === 401 && caller) await signIn(caller);
        const wellFormed = res.status < 400 || isTrpcError(body);
        if (res.status >= 500 || !wellFormed)
          faults.push(`${res.status} ${name} as ${caller ?? 'anonymous'} ${JSON.stringify(input)?.slice(0, 200)} → ${text.slice(0, 200)}`);
      }
    }
    console.log(
      `[fuzz ${target.name}] tRPC: ${sent} requests to ${procedures.length} procedures, ${faults.length} faults; statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
    expect(faults).toEqual([]);
  });

  it('answers bad input to every Open311 endpoint with a 4xx in GeoReport v2’s error format, never a 5xx', { timeout: 240_000 }, async () => {
    const faults: string[] = [];
    const statuses = new Map<number, number>();
    const requests = fc.sample(open311Request, { seed: SEED, numRuns: OPEN311_REQUESTS });
    for (const r of requests) {
      const query = new URLSearchParams(r.query);
      if (r.validKey) query.set('api_key', apiKey);
      const form = new URLSearchParams(r.form);
      if (r.validKey) form.set('api_key', apiKey);
      const init: RequestInit & { headers: Record<string, string> } = { method: r.method, headers: { ...headers } };
      if (r.method !== 'GET') {
        if (r.body === 'form') {
          init.headers['content-type'] = 'application/x-www-form-urlencoded';
          init.body = form.toString();
        } else if (r.body === 'json') {
          init.headers['content-type'] = 'application/json';
          init.body = JSON.stringify(r.form);
        } else if (r.body === 'multipart-truncated') {
          init.headers['content-type'] = 'multipart/form-data; boundary=XyZ';
          init.body = `--XyZ\r\nContent-Disposition: form-data; name="description"\r\n\r\n${r.form.description ?? 'x'}`;
        } else {
          init.headers['content-type'] = 'application/x-www-form-urlencoded';
          init.body = '%%%&&&=%zz';
        }
      }
      const res = await app.request(`/open311/v2/${r.path}${query.size > 0 ? `?${query}` : ''}`, init);
      const text = await res.text();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status >= 500 || (res.status >= 400 && !isOpen311Error(text))) faults.push(`${res.status} ${r.method} ${r.path} → ${text.slice(0, 200)}`);
    }
    console.log(
      `[fuzz ${target.name}] Open311: ${requests.length} requests, ${faults.length} faults; statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
    expect(faults).toEqual([]);
  });
});
