import { DomainError } from '@gongzhi/domain';
import type { SignedInContext } from '../context.ts';
import { actOnWorkflow } from './act-on-workflow.ts';

/** A supervision order's deadline lies ahead, within a year. */
export const MAX_SUPERVISION_DAYS = 366;

/**
 * 督办: a formal supervision order with its own deadline, from the holder's supervisor, the city's
 * coordinator or leadership (the case machine decides who may); the holder answers it.
 */
export async function superviseCase({
  ctx,
  input,
}: {
  ctx: SignedInContext<'clock'>;
  input: { caseId: string; version?: number | undefined; note: string; dueBy: string };
}) {
  const now = ctx.clock.now().getTime();
  const due = new Date(input.dueBy).getTime();
  if (!(due > now && due <= now + MAX_SUPERVISION_DAYS * 86_400_000)) {
    throw new DomainError('INVALID', 'SUPERVISION_DUE_INVALID', `The deadline must lie within the next ${MAX_SUPERVISION_DAYS} days`, {
      days: MAX_SUPERVISION_DAYS,
    });
  }
  return actOnWorkflow({
    ctx,
    input: {
      kind: 'case',
      workflowId: input.caseId,
      version: input.version,
      event: { type: 'SUPERVISE', note: input.note, dueBy: new Date(due).toISOString() },
    },
  });
}
