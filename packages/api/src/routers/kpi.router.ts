import { RepeatsInput } from '../inputs.ts';
import { roleProcedure, router } from '../trpc.ts';
import { countRepeats } from '../use-cases/count-repeats.ts';

export const kpiRouter = router({
  /** Repeat complaints (重复投诉) per unit and matter received in a period (default: the last 30 days). */
  repeats: roleProcedure('supervisor', 'coordinator', 'leadership', 'admin').input(RepeatsInput).query(countRepeats),
});
