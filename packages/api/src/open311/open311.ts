import {
  activeMatters,
  DomainError,
  SYSTEM,
  findMatter,
  publicPosition,
  type CaseStatus,
  type CaseView,
  type ErrorCode,
  type ErrorReason,
  type MatrixVersion,
} from '@gongzhi/domain';
import {
  findCaseNumberByCode,
  hashCode,
  listServiceRequests,
  listUnits,
  meterApiClient,
  loadMatrix,
  loadReference,
  type CaseRow,
  type Database,
  type ServiceRequestFilter,
} from '@gongzhi/db';
import type { Services } from '../context.ts';
import { intakeContextOf, intakeQueueFor } from '../intake-queue.ts';
import { hashApiKey } from './api-keys.ts';
import { Open311Error } from './format.ts';
import { message, type Lang, type MessageKey } from './messages.ts';

export type Params = Record<string, string | undefined>;
const fail = (lang: Lang, status: Open311Error['status'], key: MessageKey, params: Record<string, string | number> = {}) =>
  new Open311Error(status, message(lang, key, params));

/** jurisdiction_id: one of the four cities, by adcode or by name in pinyin. */
const JURISDICTIONS: Record<string, string> = { chengdu: '510100', deyang: '510600', meishan: '511400', ziyang: '512000' };
export function jurisdictionOf(id: string | undefined, lang: Lang, required: true): string;
export function jurisdictionOf(id: string | undefined, lang: Lang, required: boolean): string | null;
export function jurisdictionOf(id: string | undefined, lang: Lang, required: boolean): string | null {
  if (!id) {
    if (required) throw fail(lang, 400, 'JURISDICTION_REQUIRED');
    return null;
  }
  const adcode = JURISDICTIONS[id.trim().toLowerCase()] ?? id.trim();
  if (!Object.values(JURISDICTIONS).includes(adcode)) throw fail(lang, 404, 'JURISDICTION_UNKNOWN', { id });
  return adcode;
}

// ---- api keys ------------------------------------------------------------------------------

export interface ApiClient {
  id: number;
  name: string;
}

/**
 * One request made with an api_key: counted (request count, last use) and held to the key's
 * requests per minute. A missing, unknown or revoked key is a 403, a key over its rate a 429 with
 * Retry-After, both as the specification's error document. When the key is in the query this runs
 * before the body is read; the handler then takes the client it returned.
 */
export async function useApiKey(s: Pick<Services, 'db' | 'clock'>, apiKey: string | undefined, lang: Lang): Promise<ApiClient> {
  const at = s.clock.now();
  const use = apiKey ? await meterApiClient(s.db, hashApiKey(apiKey), at) : null;
  if (!use) throw fail(lang, 403, 'API_KEY');
  if (use.windowCount > use.ratePerMinute) {
    const seconds = Math.max(1, Math.ceil((use.windowStart.getTime() + 60_000 - at.getTime()) / 1000));
    throw new Open311Error(429, message(lang, 'RATE_LIMITED', { rate: use.ratePerMinute, seconds }), seconds);
  }
  return { id: use.id, name: use.name };
}

// ---- discovery and services -------------------------------------------------------------------

export const SPEC = 'http://wiki.open311.org/GeoReport_v2';
export const CHANGESET = '2026-11-27T00:00:00+08:00';

export function discovery(baseUrl: string) {
  return {
    changeset: CHANGESET,
    contact: '成德眉资城市管理协同平台(共治)运维组',
    key_service: '平台管理员签发 api_key(gongzhi open311-key --name <应用名>)',
    endpoints: [{ specification: SPEC, url: `${baseUrl}/open311/v2`, changeset: CHANGESET, type: 'production', formats: ['text/xml', 'application/json'] }],
  };
}

/**
 * Every matter taking new cases is a service; `group` is its domain. The same services serve all four
 * cities. A retired matter is no longer listed, but a client still posting its code is served: its
 * case routes to the successor.
 */
export async function services(db: Database) {
  const [matrix, reference] = await Promise.all([loadMatrix(db), loadReference(db)]);
  const domainName = new Map(reference.domains.map((d) => [d.code, d.name.zh]));
  return activeMatters(matrix.matters).map((m) => ({
    service_code: m.code,
    service_name: m.name.zh,
    description: `${m.name.zh}(${m.name.en})。依据:${m.legalBasis}`,
    metadata: true,
    type: 'realtime',
    keywords: m.keywords.join(', '),
    group: domainName.get(m.domain) ?? m.domain,
  }));
}

interface Attribute {
  variable: boolean;
  code: string;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  required: boolean;
  datatype_description: string;
  order: number;
  description: string;
  values?: Array<{ key: string; name: string }>;
}

/** The questions every service asks (all optional): how serious, whether reported before, when. */
const ATTRIBUTES: Attribute[] = [
  {
    variable: true,
    code: 'SEVERITY',
    datatype: 'singlevaluelist',
    required: false,
    datatype_description: '',
    order: 1,
    description: '严重程度(对应自由裁量基准)',
    values: [
      { key: 'minor', name: '轻微' },
      { key: 'ordinary', name: '一般' },
      { key: 'serious', name: '严重' },
    ],
  },
  {
    variable: true,
    code: 'REPORTED_BEFORE',
    datatype: 'singlevaluelist',
    required: false,
    datatype_description: '',
    order: 2,
    description: '此前是否已反映过',
    values: [
      { key: 'yes', name: '是' },
      { key: 'no', name: '否' },
    ],
  },
  {
    variable: true,
    code: 'OCCURRED_AT',
    datatype: 'datetime',
    required: false,
    datatype_description: 'W3C 日期时间,如 2026-11-27T20:30:00+08:00',
    order: 3,
    description: '发生时间',
  },
];

export async function serviceDefinition(db: Database, code: string, lang: Lang) {
  const matrix = await loadMatrix(db);
  if (!matrix.matters.some((m) => m.code === code)) throw fail(lang, 404, 'SERVICE_CODE_UNKNOWN', { code });
  return { service_code: code, attributes: ATTRIBUTES };
}

function attributesOf(params: Params, lang: Lang): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, raw] of Object.entries(params)) {
    const code = /^attribute\[(.+)\]$/.exec(key)?.[1];
    if (code === undefined || raw === undefined) continue;
    const def = ATTRIBUTES.find((a) => a.code === code);
    if (!def) throw fail(lang, 400, 'ATTRIBUTE_UNKNOWN', { code });
    const value = raw.trim();
    // FixMyStreet (perllib/Open311.pm) sends every defined attribute, empty when the citizen skipped it:
    // an empty value of an optional attribute is "not given".
    if (value === '') {
      if (def.required) throw fail(lang, 400, 'ATTRIBUTE_INVALID', { code, value });
      continue;
    }
    if (def.values && !def.values.some((v) => v.key === value)) throw fail(lang, 400, 'ATTRIBUTE_INVALID', { code, value });
    if (def.datatype === 'datetime' && Number.isNaN(Date.parse(value))) throw fail(lang, 400, 'ATTRIBUTE_INVALID', { code, value });
    out[code] = value;
  }
  return out;
}

// ---- requests -------------------------------------------------------------------------------

const STATE_ZH: Readonly<Record<CaseStatus, string>> = {
  triage: '待分拨',
  offered: '已派单,待签收',
  claimed: '已签收',
  inProgress: '办理中',
  transferring: '转办中',
  disputed: '职责争议裁定中',
  suspended: '挂账,暂缓办理',
  awaitingConfirmation: '已办结,待回访确认',
  closed: '已办结',
};

/** POST requests: a new case through the same intake as every other channel. */
export async function postRequest(s: Services, params: Params, lang: Lang, metered?: ApiClient) {
  const client = metered ?? (await useApiKey(s, params.api_key, lang));
  const reportedIn = jurisdictionOf(params.jurisdiction_id, lang, true);
  const code = params.service_code?.trim();
  if (!code) throw fail(lang, 400, 'SERVICE_CODE_REQUIRED');
  const matrix = await loadMatrix(s.db);
  if (!matrix.matters.some((m) => m.code === code)) throw fail(lang, 400, 'SERVICE_CODE_UNKNOWN', { code });
  const description = params.description?.trim() ?? '';
  if ([...description].length > 4000) throw fail(lang, 400, 'DESCRIPTION_TOO_LONG', { length: [...description].length });
  const attributes = attributesOf(params, lang);
  const place = locationOf(s, params, lang);
  const email = params.email?.trim() || undefined;
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw fail(lang, 400, 'EMAIL_INVALID');
  const phone = params.phone?.trim() || undefined;
  if (phone && !/^[0-9+\- ]{5,20}$/.test(phone)) throw fail(lang, 400, 'PHONE_INVALID');
  const mediaUrl = params.media_url?.trim() || undefined;
  if (mediaUrl && !/^https?:\/\/\S+$/.test(mediaUrl)) throw fail(lang, 400, 'MEDIA_URL_INVALID');
  const name =
    [params.last_name, params.first_name]
      .map((x) => x?.trim())
      .filter(Boolean)
      .join('') || undefined;
  const matter = findMatter(matrix, code);
  try {
    const result = await intakeQueueFor(s).submit(
      {
        matter: code,
        ...place,
        reportedIn,
        description: description || matter.name.zh,
        address: params.address_string?.trim() || undefined,
        reporterName: name,
        reporterPhone: phone,
        reporterEmail: email,
        attributes: Object.keys(attributes).length > 0 ? attributes : undefined,
        mediaUrl,
        source: 'app',
      },
      SYSTEM(`open311:${client.name}`),
      intakeContextOf(s),
    );
    // A case with a service code is always routed (only a case without a matter waits in triage).
    const route = result.route;
    if (!route) throw new Error(`case ${result.number} was taken in with service code ${code} but not routed`);
    const units = await unitNames(s.db);
    const agency = units.get(route.lead.id) ?? route.lead.id;
    return [
      {
        service_request_id: String(result.number),
        token: result.publicCode,
        service_notice: `已受理,由${agency}办理;响应时限 ${route.respondBy}。`,
        account_id: params.account_id ?? null,
      },
    ];
  } catch (e) {
    throw asOpen311(e, lang);
  }
}

/** lat/long (WGS84) when given, else the district a written address names. */
function locationOf(s: Services, params: Params, lang: Lang): { lon: number; lat: number; approximate?: boolean } {
  if (params.lat !== undefined || params.long !== undefined) {
    const lat = Number(params.lat);
    const lon = Number(params.long);
    if (
      params.lat?.trim() === '' ||
      params.long?.trim() === '' ||
      !Number.isFinite(lat) ||
      !Number.isFinite(lon) ||
      Math.abs(lat) > 90 ||
      Math.abs(lon) > 180
    ) {
      throw fail(lang, 400, 'LATLONG_INVALID');
    }
    return { lon, lat };
  }
  const address = params.address_string?.trim();
  if (!address) throw fail(lang, 400, 'LOCATION_REQUIRED');
  const placed = s.alliance.placeAddress(address);
  if (!placed) throw fail(lang, 400, 'ADDRESS_UNKNOWN');
  return { lon: placed.lon, lat: placed.lat, approximate: true };
}

/** The HTTP status of each domain error code, as the tRPC mapping gives it (errors.ts). */
const STATUS: Readonly<Record<ErrorCode, Open311Error['status']>> = {
  INVALID: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_MANY_REQUESTS: 429,
};

/** The message of each domain error code, for a reason Open311 has no words of its own for. */
const CODE_MESSAGES: Readonly<Record<ErrorCode, MessageKey>> = {
  INVALID: 'REQUEST_INVALID',
  UNAUTHENTICATED: 'API_KEY',
  FORBIDDEN: 'REQUEST_FORBIDDEN',
  NOT_FOUND: 'RESOURCE_UNKNOWN',
  CONFLICT: 'REQUEST_CONFLICT',
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
};

/** Domain reasons Open311 words in its own terms (its field names); any other reason gets its code's message. */
const REASON_MESSAGES: Partial<Record<ErrorReason, (e: DomainError) => [MessageKey, Record<string, string | number>]>> = {
  OUTSIDE_ALLIANCE: (e) => ['OUTSIDE_ALLIANCE', e.params],
  LONGITUDE_OUT_OF_RANGE: () => ['LATLONG_INVALID', {}],
  LATITUDE_OUT_OF_RANGE: () => ['LATLONG_INVALID', {}],
  MATTER_UNKNOWN: (e) => ['SERVICE_CODE_UNKNOWN', { code: String(e.params.matter ?? '') }],
};

/** Any failure of a request as the Open311 error it is: a domain refusal keeps its status; only a fault is a 500. */
function asOpen311(e: unknown, lang: Lang): Open311Error {
  if (e instanceof Open311Error) return e;
  if (e instanceof DomainError) {
    const [key, params] = REASON_MESSAGES[e.reason]?.(e) ?? [CODE_MESSAGES[e.code], {}];
    return fail(lang, STATUS[e.code], key, params);
  }
  return fail(lang, 500, 'INTERNAL');
}

let unitCache: { at: number; names: Map<string, string> } | null = null;
async function unitNames(db: Database): Promise<Map<string, string>> {
  if (unitCache && Date.now() - unitCache.at < 60_000) return unitCache.names;
  const names = new Map((await listUnits(db)).map((u) => [u.id, u.name.zh]));
  unitCache = { at: Date.now(), names };
  return names;
}

const MAX_RESULTS = 1000;
const MAX_RANGE_DAYS = 90;

function dateParam(params: Params, field: 'start_date' | 'end_date', lang: Lang): Date | null {
  const v = params[field]?.trim();
  if (!v) return null;
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw fail(lang, 400, 'DATE_INVALID', { field });
  const year = new Date(t).getUTCFullYear();
  if (year < 2000 || year > 2100) throw fail(lang, 400, 'DATE_OUT_OF_RANGE', { field });
  return new Date(t);
}

/**
 * GET requests: by id(s), or by service code(s), status and a date range (at most 90 days; the
 * last 90 days by default), newest first, at most 1,000. Reporter data and the complaint text are
 * never published.
 */
export async function getRequests(s: Services, params: Params, lang: Lang) {
  const filter: ServiceRequestFilter = { city: jurisdictionOf(params.jurisdiction_id, lang, false) ?? undefined, limit: MAX_RESULTS };
  const ids = params.service_request_id
    ?.split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  if (ids && ids.length > 0) {
    filter.numbers = ids.map(Number).filter((n) => Number.isInteger(n) && n > 0 && n < 2 ** 31);
  } else {
    filter.matterCodes = params.service_code
      ?.split(',')
      .map((x) => x.trim())
      .filter(Boolean);
    const statuses = params.status
      ?.split(',')
      .map((x) => x.trim().toLowerCase())
      .filter(Boolean);
    if (statuses && statuses.length > 0) {
      if (statuses.some((x) => x !== 'open' && x !== 'closed')) throw fail(lang, 400, 'STATUS_INVALID');
      if (!statuses.includes('open')) filter.status = 'closed';
      else if (!statuses.includes('closed')) filter.status = 'open';
    }
    const end = dateParam(params, 'end_date', lang) ?? s.clock.now();
    const start = dateParam(params, 'start_date', lang) ?? new Date(end.getTime() - MAX_RANGE_DAYS * 86_400_000);
    if (end.getTime() - start.getTime() > MAX_RANGE_DAYS * 86_400_000) throw fail(lang, 400, 'RANGE_TOO_LONG');
    filter.from = start;
    filter.to = end;
  }
  return requestsWhere(s.db, filter);
}

export async function getRequest(s: Services, id: string, lang: Lang) {
  const n = Number(id);
  const rows = Number.isInteger(n) && n > 0 && n < 2 ** 31 ? await requestsWhere(s.db, { numbers: [n], limit: MAX_RESULTS }) : [];
  if (rows.length === 0) throw fail(lang, 404, 'REQUEST_UNKNOWN', { id });
  return rows;
}

/** tokens/{token}: the request a POST's token stands for. */
export async function getToken(s: Services, token: string, lang: Lang) {
  const number = await findCaseNumberByCode(s.db, hashCode(token));
  if (number === null) throw fail(lang, 404, 'TOKEN_UNKNOWN');
  return [{ service_request_id: String(number), token }];
}

async function requestsWhere(db: Database, filter: ServiceRequestFilter) {
  const [rows, matrix, units] = await Promise.all([listServiceRequests(db, filter), loadMatrix(db), unitNames(db)]);
  return rows.map((r) => toRequest(r.case, r.view, r.updatedAt, matrix, units));
}

/** A case as a service request: the case workflow's view gives who holds it, the deadline and the published result. */
function toRequest(c: CaseRow, view: CaseView | null, updatedAt: Date | null, matrix: MatrixVersion, units: Map<string, string>) {
  const matter = c.matterCode ? matrix.matters.find((m) => m.code === c.matterCode) : undefined;
  const unit = view?.holder ?? c.holderUnit;
  const closed = c.state === 'closed';
  const resolution = view?.resolution;
  const position = publicPosition(c.lon, c.lat);
  return {
    service_request_id: String(c.number),
    status: closed ? 'closed' : 'open',
    status_notes: closed && resolution ? `${STATE_ZH.closed}:${resolution}` : (STATE_ZH[c.state] ?? c.state),
    service_name: matter?.name.zh ?? STATE_ZH.triage,
    service_code: c.matterCode ?? '',
    agency_responsible: unit ? (units.get(unit) ?? unit) : `${STATE_ZH.triage}(城市协调员)`,
    service_notice: null,
    requested_datetime: (c.reportedAt ?? c.createdAt).toISOString(),
    updated_datetime: (updatedAt ?? c.createdAt).toISOString(),
    expected_datetime: view?.respondBy ?? null,
    // Published to anyone: no address (it may name a home) and the position coarsened to about 100 m.
    address: null,
    address_id: null,
    zipcode: null,
    lat: position.lat,
    long: position.lon,
    media_url: c.mediaUrl,
  };
}
