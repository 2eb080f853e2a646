import { Hono, type Context } from 'hono';
import type { Services } from '@gongzhi/api';
import {
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
  type Format,
  type Lang,
  type Params,
} from '@gongzhi/api/open311';

type Handler = (params: Params, lang: Lang, c: Context) => Promise<{ root: string; value: unknown }>;

/** `services/VEN-01.json` → the route and its format; null when the path is none of GeoReport v2's. */
function resolve(path: string, method: string, s: Services): { format: Format; handler: Handler | 'method' } | null {
  const m = /^(discovery|services|requests|tokens)(?:\/([^/]+?))?\.(json|xml)$/.exec(path);
  if (!m) return null;
  const [, resource, id, suffix] = m;
  if (suffix !== 'json' && suffix !== 'xml') return null;
  const format: Format = suffix;
  const only = (wanted: string, h: Handler) => ({ format, handler: method === wanted ? h : ('method' as const) });
  const item = id === undefined ? undefined : decodeURIComponent(id);
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
            ? async (p, lang) => ({ root: 'service_requests', value: await postRequest(s, p, lang) })
            : method === 'GET'
              ? async (p, lang) => ({ root: 'service_requests', value: await getRequests(s, p, lang) })
              : 'method',
      };
    case 'tokens':
      return item !== undefined ? only('GET', async (_p, lang) => ({ root: 'service_requests', value: await getToken(s, item, lang) })) : null;
  }
  return null;
}

async function paramsOf(c: Context): Promise<Params> {
  const query = c.req.query();
  if (c.req.method !== 'POST') return query;
  const body = await c.req.parseBody({ all: false });
  const form = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === 'string' ? v : undefined]));
  return { ...query, ...form };
}

/**
 * Open311 GeoReport v2 at /open311/v2, both formats, with the specification's error documents.
 * Handlers only parse and format; the work is in @gongzhi/api/open311.
 */
export function open311Routes(s: Services): Hono {
  const app = new Hono();
  app.all('/open311/v2/*', async (c) => {
    const lang = langOf(c.req.header('accept-language'));
    const path = c.req.path.slice('/open311/v2/'.length);
    const route = resolve(path, c.req.method, s);
    const format: Format = route?.format ?? (path.endsWith('.xml') ? 'xml' : 'json');
    const send = (out: { body: string; contentType: string }, status: number) =>
      c.body(out.body, status as 200, { 'content-type': out.contentType, 'access-control-allow-origin': '*' });
    try {
      if (!route) throw new Open311Error(404, message(lang, 'NOT_FOUND', { path: c.req.path }));
      if (route.handler === 'method') throw new Open311Error(405, `${c.req.method} ${c.req.path}`);
      const { root, value } = await route.handler(await paramsOf(c), lang, c);
      return send(render(format, root, value), 200);
    } catch (e) {
      const error = e instanceof Open311Error ? e : new Open311Error(500, message(lang, 'INTERNAL'));
      if (!(e instanceof Open311Error)) console.error(e);
      return send(renderError(format, error), error.status);
    }
  });
  return app;
}
