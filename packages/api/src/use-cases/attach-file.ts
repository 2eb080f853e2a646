import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DomainError, type AttachmentStep } from '@gongzhi/domain';
import { actorUnit, findAttachment, findCase, insertAttachment, type AttachmentRow } from '@gongzhi/db';
import { inspect, rendition, SIZE_LIMITS, type FileStore, type Received } from '@gongzhi/files';
import type { SignedInContext } from '../context.ts';
import { actorOf, checkCaseAccess } from './access.ts';

/** Steps only a unit working the case documents: the photos before and after its own work. */
const WORKERS_ONLY: readonly AttachmentStep[] = ['before', 'after', 'part-report'];

export const requireFiles = (ctx: { files?: FileStore | undefined }): FileStore => {
  if (!ctx.files) throw new DomainError('CONFLICT', 'ACTION_REFUSED', 'This server keeps no attachments', {});
  return ctx.files;
};

/** The keys of an attachment's bytes: the original, and for a photo its thumbnail and public copy. */
export const storageKeys = (caseId: string, id: string) => ({
  original: `cases/${caseId}/${id}`,
  thumb: `cases/${caseId}/${id}.thumb.jpg`,
  public: `cases/${caseId}/${id}.public.jpg`,
});

/** An attachment already stored under a client's id: the same person's upload to the same case, answered as the first time. */
function sameUpload(earlier: AttachmentRow, caseId: string, username: string) {
  if (earlier.caseId !== caseId || earlier.uploadedBy !== username) {
    throw new DomainError('CONFLICT', 'REQUEST_KEY_REUSED', 'This attachment id was used for another upload', {});
  }
  return {
    id: earlier.id,
    kind: earlier.kind,
    mime: earlier.mime,
    rendered: earlier.rendered,
    takenAt: earlier.takenAt?.toISOString() ?? null,
    lon: earlier.lon,
    lat: earlier.lat,
  };
}

/**
 * Attaches an uploaded file (already streamed to a temporary file) to a case: the type is read from
 * the content and must be a photo, a PDF or a short video within its size limit; a photo's EXIF time
 * and place are read, and a thumbnail and a copy without EXIF are made for showing it. Who may: anyone
 * who may read the case, for evidence and exhibits; only a unit working it, for before/after photos
 * and joint part reports. A client may name the attachment (`id`, a random UUID): a phone sending its
 * queued photos again after a lost answer gets the stored one back instead of a second copy.
 */
export async function attachFile({
  ctx,
  input,
}: {
  ctx: SignedInContext<'clock' | 'files'>;
  input: { caseId: string; step: AttachmentStep; workflowId?: string | undefined; name: string; file: Received; id?: string | undefined };
}) {
  const files = requireFiles(ctx);
  const row = await findCase(ctx.db, input.caseId);
  if (!row) throw new DomainError('NOT_FOUND', 'CASE_UNKNOWN', 'No such case', {});
  // Who before what: standing on the case is checked before anything about the file.
  const access = await checkCaseAccess(ctx.db, ctx.principal, row);
  if (WORKERS_ONLY.includes(input.step) && !access.contact) throw new DomainError('FORBIDDEN', 'CASE_NOT_YOURS', 'Your unit has no task on this case', {});
  const found = await inspect(input.file.path);
  if (!found)
    throw new DomainError('INVALID', 'FILE_TYPE_REFUSED', 'Only photos (JPEG, PNG, HEIC), PDFs and MP4/MOV videos can be attached', { name: input.name });
  const limit = SIZE_LIMITS[found.kind];
  if (input.file.size > limit)
    throw new DomainError('INVALID', 'FILE_TOO_LARGE', `A ${found.kind} may be at most ${limit} bytes`, { limit: Math.round(limit / 1024 / 1024) });

  if (input.id) {
    const earlier = await findAttachment(ctx.db, input.id);
    if (earlier) return sameUpload(earlier, row.id, ctx.principal.username);
  }
  const id = input.id ?? randomUUID();
  const keys = storageKeys(row.id, id);
  let rendered = false;
  const dir = await mkdtemp(join(tmpdir(), 'gongzhi-render-'));
  try {
    await files.put(keys.original, input.file.path, found.mime);
    if (found.kind === 'image') {
      const [thumb, shown] = [join(dir, 'thumb.jpg'), join(dir, 'public.jpg')];
      rendered = (await rendition(input.file.path, 'thumb', thumb)) && (await rendition(input.file.path, 'public', shown));
      if (rendered) {
        await files.put(keys.thumb, thumb, 'image/jpeg');
        await files.put(keys.public, shown, 'image/jpeg');
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const createdAt = ctx.clock.now();
  const inserted = await insertAttachment(ctx.db, {
    id,
    caseId: row.id,
    workflowId: input.workflowId ?? null,
    step: input.step,
    mime: found.mime,
    kind: found.kind,
    bytes: input.file.size,
    sha256: input.file.sha256,
    name: input.name.slice(0, 200),
    rendered,
    takenAt: found.takenAt ? new Date(found.takenAt) : null,
    lon: found.lon,
    lat: found.lat,
    public: false,
    uploadedBy: ctx.principal.username,
    unit: actorUnit(actorOf(ctx.principal)),
    createdAt,
  });
  if (!inserted) {
    // the same upload sent twice at once: the other one stored it first
    const earlier = await findAttachment(ctx.db, id);
    if (earlier) return sameUpload(earlier, row.id, ctx.principal.username);
  }
  return { id, kind: found.kind, mime: found.mime, rendered, takenAt: found.takenAt, lon: found.lon, lat: found.lat };
}
