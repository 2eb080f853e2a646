import { CompareStandardsInput } from '../inputs.ts';
import { publicProcedure, router } from '../trpc.ts';
import { compareCityStandards } from '../use-cases/compare-standards.ts';

// Standards are public information, like the responsibility list.
export const standardsRouter = router({
  compare: publicProcedure.input(CompareStandardsInput).query(compareCityStandards),
});
