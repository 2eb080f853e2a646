import { stripControlCharacters } from '@gongzhi/domain';

/** The two formats GeoReport v2 speaks. */
export type Format = 'json' | 'xml';

/** The element name of one item of a list, by the list's element name (GeoReport v2's XML shapes). */
const ITEM: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
  errors: 'error',
};

// Characters XML 1.0 cannot carry at all are dropped (input refuses them; older rows may hold them).
const escape = (s: string) => stripControlCharacters(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function element(name: string, value: unknown): string {
  if (value === null || value === undefined) return `<${name}/>`;
  if (Array.isArray(value)) {
    const item = ITEM[name] ?? 'item';
    return `<${name}>${value.map((v) => element(item, v)).join('')}</${name}>`;
  }
  if (typeof value === 'object') {
    return `<${name}>${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => element(k, v))
      .join('')}</${name}>`;
  }
  return `<${name}>${escape(String(value))}</${name}>`;
}

/** A GeoReport v2 document: the JSON value as is, or XML with `root` as the outer element. */
export function render(format: Format, root: string, value: unknown): { body: string; contentType: string } {
  if (format === 'json') return { body: JSON.stringify(value), contentType: 'application/json; charset=utf-8' };
  return { body: `<?xml version="1.0" encoding="utf-8"?>${element(root, value)}`, contentType: 'text/xml; charset=utf-8' };
}

/** GeoReport v2's error document: a list of {code, description}, the HTTP status being the code. */
export class Open311Error extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 405 | 409 | 413 | 429 | 500 | 503,
    readonly description: string,
    /** seconds a client should wait (a 429's Retry-After) */
    readonly retryAfter?: number,
  ) {
    super(description);
  }
}

export const renderError = (format: Format, e: Open311Error) => render(format, 'errors', [{ code: e.status, description: e.description }]);
