import { Hono } from 'hono';
import { compileBulletin, createContext, httpStatusOf, type Services } from '@gongzhi/api';
import { draftTriageWhatIf } from '@gongzhi/api/use-cases/draft-triage-what-if';
import { draftWhatIf } from '@gongzhi/api/use-cases/draft-what-if';
import { whatIfXlsx } from './what-if-xlsx.ts';
import { dashboardScope, DomainError } from '@gongzhi/domain';
import { bulletinHtml } from './bulletin-html.ts';
import { bulletinXlsx } from './bulletin-xlsx.ts';

/**
 * `GET /reports/bulletin?period=2026-10&city=510100&format=html|xlsx&lang=zh|en`: the bulletin of the
 * period for the signed-in user's scope (dashboardScope), as a printable page or an XLSX download.
 */
export function reportRoutes(services: Services): Hono {
  const app = new Hono();
  app.get('/reports/bulletin', async (c) => {
    const lang = c.req.query('lang') === 'en' ? 'en' : 'zh';
    try {
      const ctx = await createContext(services, { cookieHeader: c.req.header('cookie') ?? null, secureCookies: false, setCookie: () => {} });
      if (!ctx.principal) throw new DomainError('UNAUTHENTICATED', 'SIGN_IN_REQUIRED', 'Please sign in');
      const scope = dashboardScope(ctx.principal.memberships);
      const period = c.req.query('period') ?? '';
      const city = c.req.query('city') || undefined;
      if (city !== undefined && !/^\d{6}$/.test(city)) throw new DomainError('INVALID', 'REPORTED_IN_UNKNOWN', `Not a city: ${city}`, { city });
      const bulletin = await compileBulletin({ ctx: { ...services, scope }, input: { period, city } });
      if (c.req.query('format') === 'xlsx') {
        const name = `${bulletin.period.label}-${bulletin.city ?? 'alliance'}-${bulletin.kind}.xlsx`;
        return c.body(new Uint8Array(await bulletinXlsx(bulletin, lang)), 200, {
          'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          'content-disposition': `attachment; filename="${name}"`,
        });
      }
      const xlsx = `/reports/bulletin?${new URLSearchParams({ period, ...(city ? { city } : {}), format: 'xlsx', lang }).toString()}`;
      return c.html(bulletinHtml(bulletin, lang, { xlsx }));
    } catch (e) {
      if (e instanceof DomainError) return c.text(`${e.code}: ${e.message}`, httpStatusOf(e) as 400);
      throw e;
    }
  });
  /** `GET /reports/what-if?draft=ID[&lang=en]`: a draft's what-if replay (last 90 days) as a workbook, for whoever may read the draft. */
  app.get('/reports/what-if', async (c) => {
    const lang = c.req.query('lang') === 'en' ? 'en' : 'zh';
    try {
      const ctx = await createContext(services, { cookieHeader: c.req.header('cookie') ?? null, secureCookies: false, setCookie: () => {} });
      if (!ctx.principal) throw new DomainError('UNAUTHENTICATED', 'SIGN_IN_REQUIRED', 'Please sign in');
      const signedIn = { ...ctx, principal: ctx.principal };
      const input = { draftId: c.req.query('draft') ?? '' };
      const [result, triage] = await Promise.all([draftWhatIf({ ctx: signedIn, input }), draftTriageWhatIf({ ctx: signedIn, input })]);
      const replayed = triage.state === 'replayed' ? triage : undefined;
      const names = {
        city: (adcode: string) => services.alliance.city(adcode)?.name ?? { zh: adcode, en: adcode },
        matter: (code: string) => result.matterNames[code] ?? replayed?.matterNames[code] ?? { zh: code, en: code },
      };
      return c.body(new Uint8Array(await whatIfXlsx(result, names, lang, replayed)), 200, {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'content-disposition': `attachment; filename="what-if-${result.window.from.slice(0, 10)}.xlsx"`,
      });
    } catch (e) {
      if (e instanceof DomainError) return c.text(`${e.code}: ${e.message}`, httpStatusOf(e) as 400);
      throw e;
    }
  });
  return app;
}
