import type { UseCaseContext } from '../context.ts';

/**
 * The likeliest matters of a complaint text for the operator taking it, with the words that drove
 * the top one and, for a sentence that rules something out, the clause taken as the request.
 */
export function suggestMatters({ ctx, input }: { ctx: UseCaseContext<'classifier'>; input: { text: string } }) {
  const classifier = ctx.classifier;
  if (!classifier) return { suggestions: [], explanation: null };
  if (classifier.explain) return classifier.explain(input.text);
  return { suggestions: classifier.suggest(input.text), explanation: null };
}
