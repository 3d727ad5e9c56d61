/**
 * Errors as the bridges deliver them. The UI reads errors by shape (`errorPayloadOf`), never by
 * `instanceof`, because the Office task pane may be a separate bundle with its own copy of the class.
 */
import type { ErrorPayload } from '../../src/core/errors';
import { RpcError, type RpcMethod, type RpcReply, type RpcResult } from '../../src/service/rpc-contract';

export { RpcError };

function isPayload(value: unknown): value is ErrorPayload {
  const p = value as ErrorPayload | null;
  return typeof p === 'object' && p !== null && typeof p.code === 'string' && typeof p.message === 'string';
}

/** The payload of anything a bridge (or a host's own Rpc) threw. */
export function errorPayloadOf(err: unknown): ErrorPayload {
  const carried = (err as { payload?: unknown } | null)?.payload;
  if (isPayload(carried))
    return { ...carried, problems: Array.isArray(carried.problems) ? carried.problems : [] };
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'internal', message, problems: [] };
}

export function asRpcError(err: unknown): RpcError {
  return err instanceof RpcError ? err : new RpcError(errorPayloadOf(err));
}

/** Unwrap a `{ok, value | error}` reply, the shape the Apps Script and HTTP hosts answer with. */
export function replyValue<M extends RpcMethod>(reply: RpcReply<M> | null | undefined): RpcResult<M> {
  if (reply && reply.ok === true) return reply.value;
  if (reply && reply.ok === false && isPayload(reply.error)) throw new RpcError(reply.error);
  throw new RpcError({
    code: 'internal',
    message: 'The register sent a reply the sidebar does not understand',
    problems: [],
  });
}

/** The host could not be reached at all (network down, script failed to load, quota exhausted). */
export function unreachable(err: unknown): RpcError {
  const detail = err instanceof Error ? err.message : String(err);
  return new RpcError({ code: 'internal', message: `Could not reach the register: ${detail}`, problems: [] });
}
