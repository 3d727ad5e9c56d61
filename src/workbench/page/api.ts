/** The workbench server's endpoints, typed for the page. */
import type { ErrorPayload } from '../../core/errors';
import type { RpcMethod, RpcRequest, RpcResult } from '../../service/rpc';
import type {
  InfoResponse,
  OutboxMessageDetail,
  OutboxResponse,
  SheetsResponse,
  VersionResponse,
} from '../api-types';

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { Accept: 'application/json' } });
  if (!res.ok) throw new Error(await errorMessage(res));
  return (await res.json()) as T;
}

async function errorMessage(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { error?: ErrorPayload };
    if (body.error?.message) return body.error.message;
  } catch {
    // not JSON: fall through to the status line
  }
  return `The workbench answered ${res.status} ${res.statusText}`;
}

export const api = {
  info: () => getJson<InfoResponse>('/api/info'),
  version: () => getJson<VersionResponse>('/api/version'),
  sheets: (query: { sheet?: string; offset?: number; limit?: number; find?: string } = {}) => {
    const params = new URLSearchParams();
    if (query.sheet !== undefined) params.set('sheet', query.sheet);
    if (query.offset !== undefined) params.set('offset', String(query.offset));
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    if (query.find !== undefined) params.set('find', query.find);
    const qs = params.toString();
    return getJson<SheetsResponse>(`/api/sheets${qs ? `?${qs}` : ''}`);
  },
  outbox: () => getJson<OutboxResponse>('/api/outbox'),
  message: (file: string) =>
    getJson<OutboxMessageDetail>(`/api/outbox/message?file=${encodeURIComponent(file)}`),
};

export type RpcOutcome<M extends RpcMethod> =
  { ok: true; value: RpcResult<M> } | { ok: false; error: ErrorPayload };

/** The same endpoint the sidebar's fetch bridge calls; never throws, like the other bridges. */
export async function rpc<M extends RpcMethod>(method: M, request: RpcRequest<M>): Promise<RpcOutcome<M>> {
  try {
    const res = await fetch(`/rpc/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(request),
    });
    return (await res.json()) as RpcOutcome<M>;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return {
      ok: false,
      error: { code: 'internal', message: `The workbench did not answer (${message})`, problems: [] },
    };
  }
}
