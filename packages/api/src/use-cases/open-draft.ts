import { randomUUID } from 'node:crypto';
import type { DraftOffice } from '@gongzhi/domain';
import { insertDraft, loadMatrix } from '@gongzhi/db';
import type { SignedInContext } from '../context.ts';
import { officeOf } from './drafts.ts';

/** Leadership (or the alliance office) opens an empty draft amendment of the latest matrix version. */
export async function openDraft({ ctx, input }: { ctx: SignedInContext<'clock'>; input: { title: string; office?: DraftOffice | undefined } }) {
  const office = officeOf(ctx.principal, input.office);
  const latest = await loadMatrix(ctx.db);
  const id = randomUUID();
  await insertDraft(ctx.db, {
    id,
    basedOn: latest.version,
    office,
    title: input.title.trim(),
    createdBy: ctx.principal.username,
    at: ctx.clock.now(),
    operations: [],
  });
  return { draftId: id, basedOn: latest.version };
}
