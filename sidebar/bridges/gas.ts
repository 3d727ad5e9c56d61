/**
 * Apps Script bridge: `google.script.run.rpc(method, payloadJson)` answers a JSON string
 * `{ok, value | error}`. google.script.run is callback-based and drops anything that is not JSON,
 * so the request travels as a string and the reply is parsed here.
 */
import type { Rpc, RpcMethod, RpcRequest, RpcResult } from '../../src/service/rpc-contract';
import { replyValue, unreachable } from './rpc-error';

/** The part of google.script.run this bridge uses (the client-side API has no published types). */
export interface ScriptRunner {
  withSuccessHandler(handler: (value: unknown) => void): ScriptRunner;
  withFailureHandler(handler: (error: unknown) => void): ScriptRunner;
  rpc(method: string, payloadJson: string): void;
}

export function gasBridge(run: ScriptRunner): Rpc {
  return {
    call<M extends RpcMethod>(method: M, request: RpcRequest<M>): Promise<RpcResult<M>> {
      return new Promise((resolve, reject) => {
        run
          .withSuccessHandler((json) => {
            try {
              resolve(replyValue<M>(JSON.parse(String(json))));
            } catch (err) {
              reject(err);
            }
          })
          .withFailureHandler((err) => reject(unreachable(err)))
          .rpc(method, JSON.stringify(request));
      });
    },
  };
}
