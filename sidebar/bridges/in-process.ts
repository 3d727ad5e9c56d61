/**
 * In-process bridge: the Excel task pane sets `window.backofficeRpc` (an `Rpc` running the service
 * against Excel) before loading the sidebar. The request still goes through JSON so the sidebar
 * meets the same rules as over google.script.run (no Dates, no undefined) and a bug cannot hide in
 * one host only; errors from the pane's own bundle are re-wrapped by shape.
 */
import type { Rpc, RpcMethod, RpcRequest, RpcResult } from '../../src/service/rpc-contract';
import { asRpcError } from './rpc-error';

export function inProcessBridge(target: Rpc): Rpc {
  return {
    async call<M extends RpcMethod>(method: M, request: RpcRequest<M>): Promise<RpcResult<M>> {
      try {
        return await target.call(method, JSON.parse(JSON.stringify(request)) as RpcRequest<M>);
      } catch (err) {
        throw asRpcError(err);
      }
    },
  };
}
