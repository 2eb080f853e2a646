import {
  AdoptDraftInput,
  AnswerConsultationInput,
  DraftRef,
  DraftWhatIfInput,
  EditDraftInput,
  OpenDraftInput,
  RebaseDraftInput,
  SendDraftInput,
} from '../inputs.ts';
import { authedProcedure, roleProcedure, router } from '../trpc.ts';
import { adoptDraft } from '../use-cases/adopt-draft.ts';
import { acknowledgeAdoption, answerConsultation } from '../use-cases/answer-consultation.ts';
import { editDraft, rebaseDraft } from '../use-cases/edit-draft.ts';
import { getDraft, listDrafts } from '../use-cases/get-draft.ts';
import { draftTriageWhatIf } from '../use-cases/draft-triage-what-if.ts';
import { draftWhatIf } from '../use-cases/draft-what-if.ts';
import { openDraft } from '../use-cases/open-draft.ts';
import { sendDraft } from '../use-cases/send-draft.ts';
import { withdrawDraft } from '../use-cases/withdraw-draft.ts';

// Draft amendments of the matrix: leadership or the alliance office drafts, consults and adopts;
// the consulted units and cities read what they are asked about and answer in their inboxes.
const office = roleProcedure('leadership', 'alliance');
export const draftsRouter = router({
  list: authedProcedure.query(listDrafts),
  get: authedProcedure.input(DraftRef).query(getDraft),
  whatIf: authedProcedure.input(DraftWhatIfInput).query(draftWhatIf),
  /** the triage queue's change for a draft adding, retiring or relearning matters (trains a model: seconds) */
  triageWhatIf: authedProcedure.input(DraftWhatIfInput).query(draftTriageWhatIf),
  open: office.input(OpenDraftInput).mutation(openDraft),
  edit: office.input(EditDraftInput).mutation(editDraft),
  rebase: office.input(RebaseDraftInput).mutation(rebaseDraft),
  send: office.input(SendDraftInput).mutation(sendDraft),
  adopt: office.input(AdoptDraftInput).mutation(adoptDraft),
  withdraw: office.input(DraftRef).mutation(withdrawDraft),
  answer: authedProcedure.input(AnswerConsultationInput).mutation(answerConsultation),
  acknowledge: authedProcedure.input(DraftRef).mutation(acknowledgeAdoption),
});
