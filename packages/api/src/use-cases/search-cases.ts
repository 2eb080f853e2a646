import { caseScopeOf, parseCaseSearch } from '@gongzhi/domain';
import { searchCases as search } from '@gongzhi/db';
import type { SignedInContext } from '../context.ts';

/**
 * Find any case (the header's search box): by number, complaint or address text, and the reporter's
 * phone for a reader who may see the reporter; always within the reader's visibility rule.
 */
export async function searchCases({ ctx, input }: { ctx: SignedInContext; input: { q: string; limit?: number | undefined } }) {
  const query = parseCaseSearch(input.q);
  const hits = await search(ctx.db, caseScopeOf(ctx.principal), query, input.limit ?? 20);
  return { goTo: query.goTo, hits };
}
