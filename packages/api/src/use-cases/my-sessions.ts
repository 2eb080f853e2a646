import { DomainError } from '@gongzhi/domain';
import { closeLiveStreams, deleteSessionOf, deleteSessionsOf, sessionsOf } from '@gongzhi/db';
import type { SignedInContext } from '../context.ts';

type OwnContext = SignedInContext & { session: { id: string } };

/** One's own sessions: device, where from, when opened and last seen; which one is this one. */
export async function listMySessions({ ctx }: { ctx: OwnContext }) {
  const rows = await sessionsOf(ctx.db, ctx.principal.userId);
  return rows.map((s) => ({
    // the stored id is the SHA-256 of the token: naming it lets no one sign in
    id: s.id,
    current: s.id === ctx.session.id,
    device: s.device,
    clientAddress: s.clientAddress,
    createdAt: s.createdAt.toISOString(),
    lastSeenAt: (s.lastSeenAt ?? s.createdAt).toISOString(),
  }));
}

/** Ends one of one's own sessions (its live connection closes), or all but this one. */
export async function endMySession({ ctx, input }: { ctx: OwnContext; input: { sessionId: string } | { others: true } }): Promise<{ ended: number }> {
  return ctx.db.transaction(async (tx) => {
    if ('others' in input) {
      const ids = await deleteSessionsOf(tx, ctx.principal.userId, ctx.session.id);
      await closeLiveStreams(tx, ids);
      return { ended: ids.length };
    }
    if (!(await deleteSessionOf(tx, ctx.principal.userId, input.sessionId))) throw new DomainError('NOT_FOUND', 'SESSION_UNKNOWN', 'No such session');
    await closeLiveStreams(tx, [input.sessionId]);
    return { ended: 1 };
  });
}
