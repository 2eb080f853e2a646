import { DomainError, PLACE_STEPS, photoChecks, type AttachmentStep } from '@gongzhi/domain';
import { caseAttachments, findAttachment, findCase, findCaseByNumber, publicPhotos, setAttachmentPublic, type AttachmentRow, type CaseRow } from '@gongzhi/db';
import type { SignedInContext, UseCaseContext } from '../context.ts';
import { checkCaseAccess } from './access.ts';
import { requireFiles, storageKeys } from './attach-file.ts';

/**
 * A case's attachments as the people who may read the case see them: what, when, by whom, and for
 * a photo whether its EXIF place is the case's and whether the "after" was taken after the "before".
 */
export async function listAttachments(db: SignedInContext['db'], row: CaseRow) {
  const rows = await caseAttachments(db, row.id);
  const facts = rows.map((a) => ({ step: a.step, takenAt: a.takenAt?.toISOString() ?? null, lon: a.lon, lat: a.lat }));
  return rows.map((a, i) => ({
    id: a.id,
    step: a.step,
    workflowId: a.workflowId,
    kind: a.kind,
    mime: a.mime,
    bytes: a.bytes,
    name: a.name,
    rendered: a.rendered,
    takenAt: a.takenAt?.toISOString() ?? null,
    public: a.public,
    uploadedBy: a.uploadedBy,
    unit: a.unit,
    createdAt: a.createdAt.toISOString(),
    checks: photoChecks({ lon: row.lon, lat: row.lat }, facts[i] ?? { step: a.step, takenAt: null, lon: null, lat: null }, facts),
  }));
}

async function attachmentFor(ctx: SignedInContext, id: string): Promise<{ file: AttachmentRow; works: boolean }> {
  const file = await findAttachment(ctx.db, id);
  const row = file ? await findCase(ctx.db, file.caseId) : null;
  if (!file || !row) throw new DomainError('NOT_FOUND', 'ATTACHMENT_UNKNOWN', 'No such attachment', {});
  const access = await checkCaseAccess(ctx.db, ctx.principal, row);
  return { file, works: access.contact };
}

/** The bytes of an attachment (or its thumbnail) for someone who may read its case. */
export async function readAttachment({ ctx, input }: { ctx: SignedInContext<'files'>; input: { id: string; thumb: boolean } }) {
  const files = requireFiles(ctx);
  const { file } = await attachmentFor(ctx, input.id);
  if (input.thumb && !file.rendered) throw new DomainError('NOT_FOUND', 'FILE_NOT_RENDERED', 'This file has no thumbnail', {});
  const keys = storageKeys(file.caseId, file.id);
  const stored = await files.get(input.thumb ? keys.thumb : keys.original);
  if (!stored) throw new DomainError('NOT_FOUND', 'ATTACHMENT_UNKNOWN', 'No such attachment', {});
  return { ...stored, mime: input.thumb ? 'image/jpeg' : file.mime, name: file.name };
}

/**
 * The closing officer chooses which photos the public sees once the case is closed (no faces or
 * plates are detected: a person decides). Only a unit working the case, only a rendered photo.
 */
export async function showAttachment({ ctx, input }: { ctx: SignedInContext; input: { id: string; public: boolean } }) {
  const { file, works } = await attachmentFor(ctx, input.id);
  if (!works) throw new DomainError('FORBIDDEN', 'CASE_NOT_YOURS', 'Your unit has no task on this case', {});
  if (input.public && !file.rendered) throw new DomainError('CONFLICT', 'FILE_NOT_RENDERED', 'Only photos shown as copies without metadata can be public', {});
  if (input.public && !PLACE_STEPS.includes(file.step)) {
    throw new DomainError('CONFLICT', 'FILE_NOT_PUBLIC_STEP', 'Only photos of the case itself (evidence, before, after) can be public', {});
  }
  await setAttachmentPublic(ctx.db, file.id, input.public);
  return { id: file.id, public: input.public };
}

/** The photos a closed case shows on the public status page: ids to the EXIF-free copies. */
export async function publicPhotoIds(db: UseCaseContext['db'], row: CaseRow): Promise<Array<{ id: string; step: AttachmentStep }>> {
  if (row.state !== 'closed') return [];
  return (await publicPhotos(db, row.id)).map((a) => ({ id: a.id, step: a.step }));
}

/** An EXIF-free public copy, for anyone, only while its case is closed and the photo is chosen. */
export async function readPublicPhoto({ ctx, input }: { ctx: UseCaseContext<'files'>; input: { number: number; id: string } }) {
  const files = requireFiles(ctx);
  const row = await findCaseByNumber(ctx.db, input.number);
  const shown = row ? await publicPhotoIds(ctx.db, row) : [];
  if (!row || !shown.some((p) => p.id === input.id)) throw new DomainError('NOT_FOUND', 'ATTACHMENT_UNKNOWN', 'No such photo', {});
  const stored = await files.get(storageKeys(row.id, input.id).public);
  if (!stored) throw new DomainError('NOT_FOUND', 'ATTACHMENT_UNKNOWN', 'No such photo', {});
  return { ...stored, mime: 'image/jpeg' };
}
