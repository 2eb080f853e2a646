import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { createContext, httpStatusOf, type Services } from '@gongzhi/api';
import { administratorOf } from '@gongzhi/api/use-cases/administrator';
import { DomainError, requireRole } from '@gongzhi/domain';
import { importPeopleFile, passwordsCsv, rejectsCsv } from './import/people.ts';
import { importRegister } from './import/register-import.ts';

/** A people spreadsheet of a few thousand rows is well under this. */
export const MAX_PEOPLE_FILE_BYTES = 5 * 1024 * 1024;

/**
 * Bulk onboarding over HTTP (outside tRPC because the body is the file): `POST /imports/people?name=
 * people.xlsx&apply=0|1&lang=zh|en` takes the spreadsheet as the raw body; an administrator gets
 * every row's outcome, and the rejects file and (applied) the temporary-password sheet as CSV text
 * for the portal to offer as downloads. The same cross-site check as tRPC's is mounted in front.
 */
export function peopleImportRoutes(services: Services): Hono {
  const app = new Hono();
  app.post('/imports/people', async (c) => {
    let dir: string | null = null;
    try {
      const ctx = await createContext(services, { cookieHeader: c.req.header('cookie') ?? null, secureCookies: false, setCookie: () => {} });
      if (!ctx.principal) throw new DomainError('UNAUTHENTICATED', 'SIGN_IN_REQUIRED', 'Sign in first');
      if (ctx.principal.mustChangePassword) throw new DomainError('FORBIDDEN', 'PASSWORD_CHANGE_REQUIRED', 'Change the temporary password first');
      requireRole(ctx.principal, ['admin']);
      const name = (c.req.query('name') ?? '').trim();
      const ext = extname(name).toLowerCase();
      if (!['.csv', '.xlsx', '.txt'].includes(ext))
        throw new DomainError('INVALID', 'IMPORT_FILE_UNREADABLE', `Unsupported file ${name}`, {
          problem: '请用 .xlsx 或 .csv 文件 (use an .xlsx or .csv file)',
        });
      if (Number(c.req.header('content-length') ?? 0) > MAX_PEOPLE_FILE_BYTES) throw new DomainError('INVALID', 'FILE_TOO_LARGE', 'Too large', { limit: 5 });
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      if (bytes.byteLength > MAX_PEOPLE_FILE_BYTES) throw new DomainError('INVALID', 'FILE_TOO_LARGE', 'Too large', { limit: 5 });
      dir = await mkdtemp(join(tmpdir(), 'gongzhi-people-'));
      const path = join(dir, `upload${ext}`);
      await writeFile(path, bytes);
      const lang = c.req.query('lang') === 'en' ? 'en' : 'zh';
      const result = await importPeopleFile({
        path,
        ctx: { ...services, administrator: administratorOf(ctx.principal) },
        apply: c.req.query('apply') === '1',
        source: name.slice(0, 200),
      });
      const { temporaryPasswords, ...rest } = result;
      return c.json({ ...rest, created: temporaryPasswords.length, rejectsCsv: rejectsCsv(result, lang), passwordsCsv: passwordsCsv(result, lang) });
    } catch (e) {
      return refuse(c, e);
    } finally {
      if (dir) await rm(dir, { recursive: true, force: true });
    }
  });
  /**
   * A business register uploaded by market regulation (信息共享): `POST /imports/register?name=
   * register.xlsx` into the register of the uploader's market unit (its liaison or supervisor), or
   * of `?city=` for an administrator of that city (or of the alliance); the report and the rejects
   * file as CSV text.
   */
  app.post('/imports/register', async (c) => {
    let dir: string | null = null;
    try {
      const ctx = await createContext(services, { cookieHeader: c.req.header('cookie') ?? null, secureCookies: false, setCookie: () => {} });
      if (!ctx.principal) throw new DomainError('UNAUTHENTICATED', 'SIGN_IN_REQUIRED', 'Sign in first');
      if (ctx.principal.mustChangePassword) throw new DomainError('FORBIDDEN', 'PASSWORD_CHANGE_REQUIRED', 'Change the temporary password first');
      const city = c.req.query('city');
      const market = ctx.principal.memberships.find((m) => m.departmentCode === 'market' && (m.role === 'liaison' || m.role === 'supervisor'));
      const admin = ctx.principal.memberships.find((m) => m.role === 'admin' && city && (m.cityAdcode === null || m.cityAdcode === city));
      const unitCity = market?.cityAdcode ?? (admin ? city : null);
      if (!unitCity) throw new DomainError('FORBIDDEN', 'DEPARTMENT_ONLY', 'Only market regulation or an administrator loads a register', {});
      const name = (c.req.query('name') ?? '').trim();
      const ext = extname(name).toLowerCase();
      if (!['.csv', '.xlsx', '.txt'].includes(ext))
        throw new DomainError('INVALID', 'IMPORT_FILE_UNREADABLE', `Unsupported file ${name}`, {
          problem: '请用 .xlsx 或 .csv 文件 (use an .xlsx or .csv file)',
        });
      if (Number(c.req.header('content-length') ?? 0) > MAX_REGISTER_FILE_BYTES) throw new DomainError('INVALID', 'FILE_TOO_LARGE', 'Too large', { limit: 50 });
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      if (bytes.byteLength > MAX_REGISTER_FILE_BYTES) throw new DomainError('INVALID', 'FILE_TOO_LARGE', 'Too large', { limit: 50 });
      dir = await mkdtemp(join(tmpdir(), 'gongzhi-register-'));
      const path = join(dir, `upload${ext}`);
      await writeFile(path, bytes);
      const report = await importRegister({
        file: path,
        db: services.db,
        unitId: `${unitCity}:market`,
        at: services.clock.now(),
        rejectsPath: `${path}.rejects.csv`,
      });
      const { rejectsFile, ...rest } = report;
      return c.json({ ...rest, unit: `${unitCity}:market`, rejectsCsv: await readFile(rejectsFile, 'utf8') });
    } catch (e) {
      return refuse(c, e);
    } finally {
      if (dir) await rm(dir, { recursive: true, force: true });
    }
  });
  return app;
}

/** A city's register of some 100,000 businesses as CSV is about 20 MB. */
export const MAX_REGISTER_FILE_BYTES = 50 * 1024 * 1024;

function refuse(c: Context, error: unknown) {
  if (error instanceof DomainError)
    return c.json(
      { error: { code: error.code, reason: error.reason, params: error.params, message: error.message } },
      httpStatusOf(error) as ContentfulStatusCode,
    );
  throw error;
}
