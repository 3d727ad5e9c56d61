/** The server side of the RPC contract: one dispatcher per host flavour. */
import { RegisterError, toErrorPayload } from '../core/errors';
import type { AsyncDocument, SyncDocument } from '../ports';
import {
  createRecord,
  describeSchema,
  fetchRecord,
  findRecords,
  selectedRecord,
  selectRecord,
  setupRegister,
  updateRecord,
  validateRegister,
} from './register';
import type { RpcMethod, RpcReply, RpcRequest, RpcResult } from './rpc-contract';
import { runAsync, runSync, type UseCase } from './use-case';

export * from './rpc-contract';

const USE_CASES: { [M in RpcMethod]: (req: RpcRequest<M>) => UseCase<RpcResult<M>> } = {
  schema: () => describeSchema(),
  listRecords: (req) => findRecords(req),
  getRecord: (req) => fetchRecord(req),
  createRecord: (req) => createRecord(req),
  updateRecord: (req) => updateRecord(req),
  setupRegister: (req) => setupRegister({ sample: req.sample === true }),
  validateRegister: () => validateRegister(),
  selectRecord: (req) => selectRecord(req),
  selectedRecord: () => selectedRecord(),
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

export async function dispatchAsync(
  doc: AsyncDocument,
  method: string,
  request: unknown,
): Promise<RpcReply<RpcMethod>> {
  try {
    return { ok: true, value: await runAsync(doc, useCaseFor(method, request)) } as RpcReply<RpcMethod>;
  } catch (err) {
    return { ok: false, error: toErrorPayload(err) };
  }
}
