import { ChangePasswordInput, EndSessionInput } from '../inputs.ts';
import { authedProcedure, router } from '../trpc.ts';
import { changePassword } from '../use-cases/change-password.ts';
import { endMySession, listMySessions } from '../use-cases/my-sessions.ts';

/** One's own account: password and sessions. */
export const accountRouter = router({
  changePassword: authedProcedure.input(ChangePasswordInput).mutation(changePassword),
  sessions: authedProcedure.query(listMySessions),
  endSession: authedProcedure.input(EndSessionInput).mutation(endMySession),
});
