import { Hono, type Context } from 'hono';
import { MAX_BODY_BYTES } from './edge.ts';
import { bodyLimit } from 'hono/body-limit';
import type { Services } from '@gongzhi/api';
import { controlCharacterAt } from '@gongzhi/domain';
import { isDatabaseUnavailable } from '@gongzhi/db';
import {
  useApiKey,
  Open311Error,
  discovery,
  getRequest,
  getRequests,
  getToken,
  jurisdictionOf,
  langOf,
  message,
  postRequest,
  render,
  renderError,
  serviceDefinition,
  services,
  type ApiClient,
  type Format,
  type Lang,
  type Params,
} from '@gongzhi/api/open311';

declare module 'hono' {
  interface ContextVariableMap {
    /** the client whose api_key (given in the query) was counted before the body was read */
    open311Client: ApiClient | undefined;
  }
}

/** A path segment as text; a malformed escape (`%E0%A4%A`) is the client's error. */
function decoded(segment: string, lang: Lang): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new Open311Error(400, message(lang, 'PATH_INVALID'));
  }
}

type Handler = (params: Params, lang: Lang, c: Context) => Promise<{ root: string; value: unknown }>;

/** `services/VEN-01.json` → the route and its format; null when the path is none of GeoReport v2's. */
function resolve(path: string, method: string, s: Services, lang: Lang): { format: Format; handler: Handler | 'method' } | null {
  const m = /^(discovery|services|requests|tokens)(?:\/([^/]+?))?\.(json|xml)$/.exec(path);
  if (!m) return null;
  const [, resource, id, suffix] = m;
  if (suffix !== 'json' && suffix !== 'xml') return null;
  const format: Format = suffix;
  const only = (wanted: string, h: Handler) => ({ format, handler: method === wanted ? h : ('method' as const) });
  const item = id === undefined ? undefined : decoded(id, lang);
  switch (resource) {
    case 'discovery':
      return item === undefined ? only('GET', async (_p, _l, c) => ({ root: 'discovery', value: discovery(new URL(c.req.url).origin) })) : null;
    case 'services':
      if (item === undefined) {
        return only('GET', async (p, lang) => {
          jurisdictionOf(p.jurisdiction_id, lang, false);
          return { root: 'services', value: await services(s.db) };
        });
      }
      return only('GET', async (p, lang) => {
        jurisdictionOf(p.jurisdiction_id, lang, false);
        return { root: 'service_definition', value: await serviceDefinition(s.db, item, lang) };
      });
    case 'requests':
      if (item !== undefined) return only('GET', async (_p, lang) => ({ root: 'service_requests', value: await getRequest(s, item, lang) }));
      return {
        format,
        handler:
          method === 'POST'
            ? async (p, lang, c) => ({ root: 'service_requests', value: await postRequest(s, p, lang, c.get('open311Client')) })
            : method === 'GET'
              ? async (p, lang) => ({ root: 'service_requests', value: await getRequests(s, p, lang) })
              : 'method',
      };
    case 'tokens':
      return item !== undefined ? only('GET', async (_p, lang) => ({ root: 'service_requests', value: await getToken(s, item, lang) })) : null;
  }
  return null;
}

/** Query and (for POST) form fields; a body that is not a well-formed form, or text with control characters, is a 400. */
async function paramsOf(c: Context, lang: Lang): Promise<Params> {
  const query = c.req.query();
  let params: Params = query;
  if (c.req.method === 'POST') {
    let body: Record<string, unknown>;
    try {
      body = await c.req.parseBody({ all: false });
    } catch {
      throw new Open311Error(400, message(lang, 'BODY_INVALID'));
    }
    const form = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === 'string' ? v : undefined]));
    params = { ...query, ...form };
  }
  const field = controlCharacterAt(params);
  if (field !== null) throw new Open311Error(400, message(lang, 'CONTROL_CHARACTER', { field }));
  return params;
}

const formatOf = (path: string): Format => (path.endsWith('.xml') ? 'xml' : 'json');
const sendError = (c: Context, format: Format, error: Open311Error) => {
  const out = renderError(format, error);
  const headers: Record<string, string> = { 'content-type': out.contentType, 'access-control-allow-origin': '*' };
  if (error.retryAfter !== undefined) headers['retry-after'] = String(error.retryAfter);
  return c.body(out.body, error.status, headers);
};

/**
 * Open311 GeoReport v2 at /open311/v2, both formats, with the specification's error documents.
 * Handlers only parse and format; the work is in @gongzhi/api/open311.
 */
export function open311Routes(s: Services): Hono {
  const app = new Hono();
  // An api_key given in the query is checked before a byte of the body is read; any body is then
  // read only up to the limit.
  app.post('/open311/v2/*', async (c, next) => {
    const key = c.req.query('api_key');
    if (key !== undefined) {
      try {
        c.set('open311Client', await useApiKey(s, key, langOf(c.req.header('accept-language'))));
      } catch (e) {
        if (e instanceof Open311Error) return sendError(c, formatOf(c.req.path), e);
        throw e;
      }
    }
    return next();
  });
  app.post(
    '/open311/v2/*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => sendError(c, formatOf(c.req.path), new Open311Error(413, message(langOf(c.req.header('accept-language')), 'BODY_TOO_LARGE'))),
    }),
  );
  app.all('/open311/v2/*', async (c) => {
    const lang = langOf(c.req.header('accept-language'));
    const path = c.req.path.slice('/open311/v2/'.length);
    let format = formatOf(path);
    try {
      const route = resolve(path, c.req.method, s, lang);
      format = route?.format ?? format;
      if (!route) throw new Open311Error(404, message(lang, 'NOT_FOUND', { path: c.req.path }));
      if (route.handler === 'method') throw new Open311Error(405, `${c.req.method} ${c.req.path}`);
      const { root, value } = await route.handler(await paramsOf(c, lang), lang, c);
      const out = render(format, root, value);
      return c.body(out.body, 200, { 'content-type': out.contentType, 'access-control-allow-origin': '*' });
    } catch (e) {
      if (e instanceof Open311Error) return sendError(c, format, e);
      if (isDatabaseUnavailable(e)) return sendError(c, format, new Open311Error(503, message(lang, 'UNAVAILABLE')));
      const id = c.get('requestId');
      console.error(`[gongzhi] request ${id} ${c.req.method} ${c.req.path} failed:`, e);
      return sendError(c, format, new Open311Error(500, message(lang, 'INTERNAL_REF', { requestId: id })));
    }
  });
  return app;
}
