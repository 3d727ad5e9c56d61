/**
 * The one typed contract between the sidebar and every host. JSON in, JSON out: google.script.run
 * drops Dates, functions and undefined, so nothing else crosses. A renamed method fails to compile
 * on both sides.
 */
import type { CheckReport } from '../core/check';
import { RegisterError, toErrorPayload, type ErrorPayload } from '../core/errors';
import type { CreateRequest, ListRequest, ListResult, RecordOut, UpdateRequest } from '../core/records';
import type { SetupReport } from '../core/setup';
import type { AsyncDocument, SyncDocument } from '../ports';
import {
  createRecord,
  describeSchema,
  fetchRecord,
  findRecords,
  setupRegister,
  updateRecord,
  validateRegister,
  type SchemaInfo,
} from './register';
import { runAsync, runSync, type UseCase } from './use-case';

export interface RpcContract {
  schema: { request: Record<string, never>; response: SchemaInfo };
  listRecords: { request: ListRequest; response: ListResult };
  getRecord: { request: { table: string; id: string }; response: RecordOut };
  createRecord: { request: CreateRequest; response: RecordOut };
  updateRecord: { request: UpdateRequest; response: RecordOut };
  setupRegister: { request: Record<string, never>; response: SetupReport };
  validateRegister: { request: Record<string, never>; response: CheckReport };
}

export type RpcMethod = keyof RpcContract;
export type RpcRequest<M extends RpcMethod> = RpcContract[M]['request'];
export type RpcResult<M extends RpcMethod> = RpcContract[M]['response'];
export type RpcReply<M extends RpcMethod> = { ok: true; value: RpcResult<M> } | { ok: false; error: ErrorPayload };

/** How the sidebar talks to a host, whichever bridge carries it. Rejects with an `RpcError`. */
export interface Rpc {
  call<M extends RpcMethod>(method: M, request: RpcRequest<M>): Promise<RpcResult<M>>;
}

export class RpcError extends Error {
  readonly payload: ErrorPayload;
  constructor(payload: ErrorPayload) {
    super(payload.message);
    this.name = 'RpcError';
    this.payload = payload;
  }
}

const USE_CASES: { [M in RpcMethod]: (req: RpcRequest<M>) => UseCase<RpcResult<M>> } = {
  schema: () => describeSchema(),
  listRecords: (req) => findRecords(req),
  getRecord: (req) => fetchRecord(req),
  createRecord: (req) => createRecord(req),
  updateRecord: (req) => updateRecord(req),
  setupRegister: () => setupRegister(),
  validateRegister: () => validateRegister(),
};

export const RPC_METHODS = Object.keys(USE_CASES) as RpcMethod[];

function useCaseFor(method: string, request: unknown): UseCase<unknown> {
  if (!Object.prototype.hasOwnProperty.call(USE_CASES, method))
    throw new RegisterError('usage', `Unknown request "${method}"`);
  if (typeof request !== 'object' || request === null || Array.isArray(request))
    throw new RegisterError('usage', `The request for ${method} must be a JSON object`);
  return (USE_CASES[method as RpcMethod] as (req: unknown) => UseCase<unknown>)(request);
}

function parse(payloadJson: string): unknown {
  try {
    return JSON.parse(payloadJson || '{}');
  } catch {
    throw new RegisterError('usage', 'The request is not valid JSON');
  }
}

/** Apps Script and memory hosts: one synchronous call, a JSON reply, never a thrown error. */
export function dispatchSync(doc: SyncDocument, method: string, payloadJson: string): string {
  try {
    return JSON.stringify({ ok: true, value: runSync(doc, useCaseFor(method, parse(payloadJson))) });
  } catch (err) {
    return JSON.stringify({ ok: false, error: toErrorPayload(err) });
  }
}

export async function dispatchAsync(doc: AsyncDocument, method: string, request: unknown): Promise<RpcReply<RpcMethod>> {
  try {
    return { ok: true, value: await runAsync(doc, useCaseFor(method, request)) } as RpcReply<RpcMethod>;
  } catch (err) {
    return { ok: false, error: toErrorPayload(err) };
  }
}
