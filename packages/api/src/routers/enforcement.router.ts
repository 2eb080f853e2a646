import { CaseRef, DisparitiesInput } from '../inputs.ts';
import { authedProcedure, roleProcedure, router } from '../trpc.ts';
import { caseEnforcement, listDisparities } from '../use-cases/enforcement.ts';

export const enforcementRouter = router({
  /** Whether resolving the case needs an enforcement record, the standard in force on its date, and its stored record. */
  forCase: authedProcedure.input(CaseRef.pick({ caseId: true })).query(caseEnforcement),
  /** 同案不同罚: same matter and severity, different outcomes, over the cases the supervisor (coordinator, leadership) may see. */
  disparities: roleProcedure('supervisor', 'coordinator', 'leadership', 'alliance').input(DisparitiesInput).query(listDisparities),
});
