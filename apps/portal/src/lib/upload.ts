import type { AttachmentStep } from '@gongzhi/domain';
import { failureOf, type ApiFailure } from './trpc.ts';

/** What the server answers for a stored attachment. */
export interface Uploaded {
  id: string;
  kind: 'image' | 'pdf' | 'video';
  rendered: boolean;
}

/**
 * The reason and parameters of a refused upload route's answer: the routes' own refusals carry them
 * in `error`, the edge's (a cross-site request) in `error.data`, as tRPC's do.
 */
export async function refusalOf(res: Response): Promise<{ reason?: string | undefined; params?: ApiFailure['params'] | undefined }> {
  type Refusal = { reason?: string; params?: ApiFailure['params'] };
  const body = (await res.json().catch(() => null)) as { error?: Refusal & { data?: Refusal } } | null;
  return (body?.error?.reason ? body.error : body?.error?.data) ?? {};
}

/**
 * Sends a file as the request body of a POST to one of the server's upload routes (attachments,
 * imports), which stream it; answers the route's JSON. A refusal is thrown as the portal reads every
 * error: a reason key and its parameters (`network` when the server cannot be reached).
 */
export async function postFile<T>(url: string, file: Blob, type = 'application/octet-stream'): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', body: file, credentials: 'same-origin', headers: { 'content-type': type } });
  } catch {
    throw { reason: 'network', params: {} } satisfies ApiFailure;
  }
  if (!res.ok) {
    const refusal = await refusalOf(res);
    throw { reason: refusal.reason ?? 'generic', params: refusal.params ?? {} } satisfies ApiFailure;
  }
  return (await res.json()) as T;
}

/**
 * Sends one file to `POST /files/cases/:caseId`: the server streams it to disk and reads its type from
 * the content. `workflowId` ties it to a workflow's step (a data request's answer).
 */
export async function uploadAttachment(caseId: string, step: AttachmentStep, file: File, workflowId?: string): Promise<Uploaded> {
  const workflow = workflowId ? `&workflow=${encodeURIComponent(workflowId)}` : '';
  const url = `/files/cases/${encodeURIComponent(caseId)}?step=${step}&name=${encodeURIComponent(file.name)}${workflow}`;
  return postFile<Uploaded>(url, file, file.type || 'application/octet-stream');
}

/** A thrown upload refusal or an API error, as ErrorMessage shows it. */
export const uploadFailureOf = (e: unknown): ApiFailure => (e && typeof e === 'object' && 'reason' in e ? (e as ApiFailure) : failureOf(e));
