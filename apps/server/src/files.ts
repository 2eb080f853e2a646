import { Readable } from 'node:stream';
import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { createContext, httpStatusOf, type Services } from '@gongzhi/api';
import { attachFile } from '@gongzhi/api/use-cases/attach-file';
import { readAttachment, readPublicPhoto } from '@gongzhi/api/use-cases/attachments';
import { ATTACHMENT_STEPS, DomainError, hasControlCharacter, type AttachmentStep } from '@gongzhi/domain';
import { MAX_UPLOAD_BYTES, receive, UploadTooLarge } from '@gongzhi/files';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Stored = { body: Readable; size: number; mime: string; name?: string };

/** A refusal as the portal reads every error: a reason key and its parameters. */
function refuse(c: Context, error: unknown) {
  if (error instanceof UploadTooLarge) {
    return c.json(
      { error: { code: 'INVALID', reason: 'FILE_TOO_LARGE', params: { limit: Math.round(error.limit / 1024 / 1024) }, message: error.message } },
      413,
    );
  }
  if (error instanceof DomainError)
    return c.json(
      { error: { code: error.code, reason: error.reason, params: error.params, message: error.message } },
      httpStatusOf(error) as ContentfulStatusCode,
    );
  throw error;
}

/** Streams stored bytes to the client; never sniffed as something else, never cached by shared caches. */
function send(c: Context, file: Stored, disposition: 'inline' | 'attachment', cache: string) {
  const headers: Record<string, string> = {
    'content-type': file.mime,
    'x-content-type-options': 'nosniff',
    'cache-control': cache,
    'content-security-policy': "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'",
  };
  if (file.size) headers['content-length'] = String(file.size);
  if (file.name !== undefined) headers['content-disposition'] = `${disposition}; filename*=UTF-8''${encodeURIComponent(file.name)}`;
  return new Response(Readable.toWeb(file.body) as ReadableStream, { status: 200, headers });
}

/**
 * Attachments over HTTP, outside tRPC because their bodies stream: `POST /files/cases/:caseId?step=
 * before&name=…` takes the file as the raw body (the browser sends the File), streamed to a temporary
 * file and refused past the limit without reading on; `GET /files/:id` and `/files/:id/thumb` for
 * those who may read the case; `GET /public/cases/:number/photos/:id` the EXIF-free copy of a photo
 * its closing officer chose to show, once the case is closed.
 */
export function fileRoutes(services: Services): Hono {
  const app = new Hono();
  const signedIn = async (c: Context) => {
    const ctx = await createContext(services, { cookieHeader: c.req.header('cookie') ?? null, secureCookies: false, setCookie: () => {} });
    if (!ctx.principal) throw new DomainError('UNAUTHENTICATED', 'SIGN_IN_REQUIRED', 'Sign in first', {});
    return { ...ctx, principal: ctx.principal };
  };

  app.post('/files/cases/:caseId', async (c) => {
    try {
      const ctx = await signedIn(c);
      const step = c.req.query('step') ?? 'evidence';
      if (!(ATTACHMENT_STEPS as readonly string[]).includes(step)) throw new DomainError('INVALID', 'FILE_STEP_UNKNOWN', `Unknown step ${step}`, { step });
      const name = (c.req.query('name') ?? '').trim().slice(0, 200) || 'upload';
      // a client's own id for the attachment, so that sending it again stores it once (the offline queue)
      const clientId = c.req.query('id');
      if (clientId !== undefined && !UUID.test(clientId)) throw new DomainError('INVALID', 'REQUEST_KEY_INVALID', 'The attachment id must be a UUID', {});
      if (hasControlCharacter(name)) throw new DomainError('INVALID', 'TEXT_CONTROL_CHARACTER', 'The file name has a control character', { field: 'name' });
      const declared = Number(c.req.header('content-length') ?? 0);
      if (declared > MAX_UPLOAD_BYTES) throw new UploadTooLarge(MAX_UPLOAD_BYTES);
      const body = c.req.raw.body;
      if (!body) throw new DomainError('INVALID', 'FILE_TYPE_REFUSED', 'No file was sent', { name });
      const file = await receive(Readable.fromWeb(body as import('node:stream/web').ReadableStream), MAX_UPLOAD_BYTES);
      try {
        const workflowId = c.req.query('workflow') || undefined;
        const id = c.req.query('id') || undefined;
        const attached = await attachFile({ ctx, input: { caseId: c.req.param('caseId'), step: step as AttachmentStep, workflowId, name, file, id } });
        return c.json(attached, 201);
      } finally {
        await file.dispose();
      }
    } catch (e) {
      return refuse(c, e);
    }
  });

  for (const thumb of [false, true]) {
    app.get(thumb ? '/files/:id/thumb' : '/files/:id', async (c) => {
      try {
        const ctx = await signedIn(c);
        const file = await readAttachment({ ctx, input: { id: c.req.param('id'), thumb } });
        return send(c, file, thumb || file.mime.startsWith('image/') || file.mime.startsWith('video/') ? 'inline' : 'attachment', 'private, max-age=300');
      } catch (e) {
        return refuse(c, e);
      }
    });
  }

  app.get('/public/cases/:number/photos/:id', async (c) => {
    try {
      const number = Number(c.req.param('number'));
      if (!Number.isSafeInteger(number) || number < 1) throw new DomainError('NOT_FOUND', 'ATTACHMENT_UNKNOWN', 'No such photo', {});
      const photo = await readPublicPhoto({ ctx: services, input: { number, id: c.req.param('id') } });
      return send(c, photo, 'inline', 'public, max-age=60');
    } catch (e) {
      return refuse(c, e);
    }
  });
  return app;
}
