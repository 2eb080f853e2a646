import { AnswerDataRequestInput, CaseRef, CloseDataRequestInput, RegisterLookupInput, SendDataRequestInput } from '../inputs.ts';
import { authedProcedure, router } from '../trpc.ts';
import { answerDataRequest, caseDataRequests, closeDataRequest, lookupRegister, sendDataRequest } from '../use-cases/registers.ts';

// 信息共享: the published business registers with each subject's violation history, and data
// requests between departments on a case (the machine says who may answer or close).
export const registersRouter = router({
  /** registered businesses by name, credit code or address, with their history (case numbers only where visible) */
  lookup: authedProcedure.input(RegisterLookupInput).query(lookupRegister),
  /** a case's data requests, read with the case */
  requests: authedProcedure.input(CaseRef.pick({ caseId: true })).query(caseDataRequests),
  send: authedProcedure.input(SendDataRequestInput).mutation(sendDataRequest),
  answer: authedProcedure.input(AnswerDataRequestInput).mutation(answerDataRequest),
  close: authedProcedure.input(CloseDataRequestInput).mutation(closeDataRequest),
});
