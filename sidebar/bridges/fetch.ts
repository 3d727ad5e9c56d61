/** Workbench bridge: `POST /rpc/<method>` with a JSON body, answered by `{ok, value | error}`. */
import type { Rpc, RpcMethod, RpcReply, RpcRequest, RpcResult } from '../../src/service/rpc-contract';
import { replyValue, RpcError, unreachable } from './rpc-error';

export function fetchBridge(base = '/rpc/', send: typeof fetch = (input, init) => fetch(input, init)): Rpc {
  return {
    async call<M extends RpcMethod>(method: M, request: RpcRequest<M>): Promise<RpcResult<M>> {
      let response: Response;
      try {
        response = await send(base + encodeURIComponent(method), {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(request),
        });
      } catch (err) {
        throw unreachable(err);
      }
      let reply: RpcReply<M>;
      try {
        reply = (await response.json()) as RpcReply<M>;
      } catch {
        throw new RpcError({
          code: 'internal',
          message: `The register answered ${response.status} with no reply`,
          problems: [],
        });
      }
      return replyValue(reply);
    },
  };
}
