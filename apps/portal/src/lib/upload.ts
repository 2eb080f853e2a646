import type { AttachmentStep } from '@gongzhi/domain';
import { failureOf, type ApiFailure } from './trpc.ts';

/** What the server answers for a stored attachment. */
export interface Uploaded {
  id: string;
  kind: 'image' | 'pdf' | 'video';
  rendered: boolean;
}

/**
 * Sends one file as the request body to `POST /files/cases/:caseId`: the server streams it to disk
 * and reads its type from the content. `workflowId` ties it to a workflow's step (a data request's
 * answer). A refusal is thrown as the portal reads every error: a reason key and its parameters.
 */
export async function uploadAttachment(caseId: string, step: AttachmentStep, file: File, workflowId?: string): Promise<Uploaded> {
  const workflow = workflowId ? `&workflow=${encodeURIComponent(workflowId)}` : '';
  const url = `/files/cases/${encodeURIComponent(caseId)}?step=${step}&name=${encodeURIComponent(file.name)}${workflow}`;
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', body: file, credentials: 'same-origin', headers: { 'content-type': file.type || 'application/octet-stream' } });
  } catch {
    throw { reason: 'network', params: {} } satisfies ApiFailure;
  }
  if (!res.ok) {
    // The routes' own refusals carry reason and params; the edge's (a cross-site request) carry them in `data`, as tRPC's do.
    type Refusal = { reason?: string; params?: ApiFailure['params'] };
    const body = (await res.json().catch(() => null)) as { error?: Refusal & { data?: Refusal } } | null;
    const refusal = body?.error?.reason ? body.error : body?.error?.data;
    throw { reason: refusal?.reason ?? 'generic', params: refusal?.params ?? {} } satisfies ApiFailure;
  }
  return (await res.json()) as Uploaded;
}

/** A thrown upload refusal or an API error, as ErrorMessage shows it. */
export const uploadFailureOf = (e: unknown): ApiFailure => (e && typeof e === 'object' && 'reason' in e ? (e as ApiFailure) : failureOf(e));
