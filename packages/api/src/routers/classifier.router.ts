import { roleProcedure, router } from '../trpc.ts';
import { classifierStatus } from '../use-cases/classifier-status.ts';
import { retrainClassifier } from '../use-cases/retrain-classifier.ts';

export const classifierRouter = router({
  /** Model versions with their figures, what changed, and the corrections learned from. */
  status: roleProcedure('leadership', 'alliance', 'admin').query(classifierStatus),
  /** Retrains now (leadership, admin); answers when the new version is in use. */
  retrain: roleProcedure('leadership', 'admin').mutation(({ ctx }) => retrainClassifier({ ctx, input: { by: ctx.principal.username } })),
});
