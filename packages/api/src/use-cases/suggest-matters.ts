import type { UseCaseContext } from '../context.ts';

/** The likeliest matters of a complaint text, for the operator taking it (none without a classifier). */
export const suggestMatters = ({ ctx, input }: { ctx: UseCaseContext<'classifier'>; input: { text: string } }) => ctx.classifier?.suggest(input.text) ?? [];
