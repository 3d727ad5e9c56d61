/**
 * The one typed contract between the sidebar and every host. JSON in, JSON out: google.script.run
 * drops Dates, functions and undefined, so nothing else crosses. A renamed method fails to compile
 * on both sides. Types only (and one small error class), so the sidebar bundle stays small.
 */
import type { CheckReport } from '../core/check';
import type { ErrorPayload } from '../core/errors';
import type { CreateRequest, ListRequest, ListResult, RecordOut, UpdateRequest } from '../core/records';
import type { SetupReport } from '../core/setup';
import type { SchemaInfo } from './register';

export interface RpcContract {
  schema: { request: Record<string, never>; response: SchemaInfo };
  listRecords: { request: ListRequest; response: ListResult };
  getRecord: { request: { table: string; id: string }; response: RecordOut };
  createRecord: { request: CreateRequest; response: RecordOut };
  updateRecord: { request: UpdateRequest; response: RecordOut };
  setupRegister: {
    request: { sample?: boolean };
    response: SetupReport & { records?: Record<string, number> };
  };
  validateRegister: { request: Record<string, never>; response: CheckReport };
  /** Hosts with the 'navigation' capability: select the record's row in the sheet. */
  selectRecord: { request: { table: string; id: string }; response: { sheet: string; row: number } };
  /** The record under the cursor in the sheet, or null. */
  selectedRecord: { request: Record<string, never>; response: { table: string; id: string } | null };
}

export type RpcMethod = keyof RpcContract;
export type RpcRequest<M extends RpcMethod> = RpcContract[M]['request'];
export type RpcResult<M extends RpcMethod> = RpcContract[M]['response'];
export type RpcReply<M extends RpcMethod> =
  { ok: true; value: RpcResult<M> } | { ok: false; error: ErrorPayload };

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
