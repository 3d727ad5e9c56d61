/** The server side of the RPC contract: one dispatcher per host flavour. */
import { RegisterError, toErrorPayload } from '../core/errors';
import type { AsyncDocument, AsyncMailer, SyncDocument, SyncMailer } from '../ports';
import {
  CHASE_METHODS,
  dispatchChaseAsync,
  dispatchChaseSync,
  isChaseMethod,
  type ChaseMethod,
  type ChaseMethods,
  type ChaseServices,
} from './chase-driver';
import {
  dispatchMergeAsync,
  dispatchMergeSync,
  isMergeMethod,
  MERGE_METHODS,
  type MergeMethod,
  type MergeMethods,
  type MergeServices,
} from './merge-driver';
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
import { buildSummaries, viewSummary } from './summary';
import { runAsync, runSync, type UseCase } from './use-case';

export * from './rpc-contract';

export type { MergeServices } from './merge-driver';
export type { ChaseScheduler, ChaseServices } from './chase-driver';

/** Plain use cases; the merge methods interleave sends with writes and run in merge-driver.ts. */
const USE_CASES: {
  [M in Exclude<RpcMethod, MergeMethod | ChaseMethod>]: (req: RpcRequest<M>) => UseCase<RpcResult<M>>;
} = {
  schema: () => describeSchema(),
  listRecords: (req) => findRecords(req),
  getRecord: (req) => fetchRecord(req),
  createRecord: (req) => createRecord(req),
  updateRecord: (req) => updateRecord(req),
  setupRegister: (req) => setupRegister({ sample: req.sample === true }),
  validateRegister: () => validateRegister(),
  selectRecord: (req) => selectRecord(req),
  selectedRecord: () => selectedRecord(),
  buildSummaries: (req) => buildSummaries(req),
  summaryView: (req) => viewSummary(req),
};

// The merge programs take and answer exactly what the contract says (a mismatch fails to compile).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const MERGE_CONTRACT: { [M in MergeMethod]: Same<MergeMethods[M], [RpcRequest<M>, RpcResult<M>]> } = {
  mergePreview: true,
  mergeTestSend: true,
  mergeSend: true,
  mergeContinue: true,
  mergeStatus: true,
  recordCorrespondence: true,
  mergeResolve: true,
};
void MERGE_CONTRACT;
const CHASE_CONTRACT: { [M in ChaseMethod]: Same<ChaseMethods[M], [RpcRequest<M>, RpcResult<M>]> } = {
  chasePlan: true,
  chaseRun: true,
  chasePause: true,
  chaseRecord: true,
  chaseSchedule: true,
  chaseScheduleStatus: true,
};
void CHASE_CONTRACT;

export const RPC_METHODS = [...Object.keys(USE_CASES), ...MERGE_METHODS, ...CHASE_METHODS] as RpcMethod[];

function checkRequest(method: string, request: unknown): void {
  if (typeof request !== 'object' || request === null || Array.isArray(request))
    throw new RegisterError('usage', `The request for ${method} must be a JSON object`);
}

function useCaseFor(method: string, request: unknown): UseCase<unknown> {
  if (!Object.prototype.hasOwnProperty.call(USE_CASES, method))
    throw new RegisterError('usage', `Unknown request "${method}"`);
  checkRequest(method, request);
  return (USE_CASES[method as keyof typeof USE_CASES] as (req: unknown) => UseCase<unknown>)(request);
}

function parse(payloadJson: string): unknown {
  try {
    return JSON.parse(payloadJson || '{}');
  } catch {
    throw new RegisterError('usage', 'The request is not valid JSON');
  }
}

/**
 * Apps Script and memory hosts: one synchronous call, a JSON reply, never a thrown error. The merge
 * and chase methods need the host's mailer and runtime (clock, execution start, time budget), and
 * the chase methods its timer where it has one: `merge`.
 */
export function dispatchSync(
  doc: SyncDocument,
  method: string,
  payloadJson: string,
  merge: MergeServices<SyncMailer> & ChaseServices = {},
): string {
  try {
    const request = parse(payloadJson);
    if (isMergeMethod(method)) {
      checkRequest(method, request);
      return JSON.stringify({ ok: true, value: dispatchMergeSync(doc, merge, method, request) });
    }
    if (isChaseMethod(method)) {
      checkRequest(method, request);
      return JSON.stringify({ ok: true, value: dispatchChaseSync(doc, merge, method, request) });
    }
    return JSON.stringify({ ok: true, value: runSync(doc, useCaseFor(method, request)) });
  } catch (err) {
    return JSON.stringify({ ok: false, error: toErrorPayload(err) });
  }
}

export async function dispatchAsync(
  doc: AsyncDocument,
  method: string,
  request: unknown,
  merge: MergeServices<AsyncMailer> & ChaseServices = {},
): Promise<RpcReply<RpcMethod>> {
  try {
    if (isMergeMethod(method)) {
      checkRequest(method, request);
      return {
        ok: true,
        value: await dispatchMergeAsync(doc, merge, method, request),
      } as RpcReply<RpcMethod>;
    }
    if (isChaseMethod(method)) {
      checkRequest(method, request);
      return {
        ok: true,
        value: await dispatchChaseAsync(doc, merge, method, request),
      } as RpcReply<RpcMethod>;
    }
    return { ok: true, value: await runAsync(doc, useCaseFor(method, request)) } as RpcReply<RpcMethod>;
  } catch (err) {
    return { ok: false, error: toErrorPayload(err) };
  }
}
