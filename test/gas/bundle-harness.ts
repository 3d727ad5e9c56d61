/**
 * The real Apps Script bundle in a bare node:vm context that holds only the emulated Apps Script
 * globals: no require, process, setTimeout, window or fetch. What runs here is what clasp pushes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import type { ErrorPayload } from '../../src/core/errors';
import { createGasEnvironment, type GasEnvironment, type GasEnvOptions } from '../fakes/gas';

const DIST = path.resolve(__dirname, '../../dist/gas');

export interface GasBundle {
  env: GasEnvironment;
  context: vm.Context;
  /** Call a top-level function of Code.js as one execution. */
  run<T = unknown>(name: string, args?: unknown[], opts?: Parameters<GasEnvironment['execute']>[1]): T;
  /** The RPC dispatcher, as google.script.run calls it: JSON in, JSON out. */
  rpc(
    method: string,
    request: unknown,
    opts?: Parameters<GasEnvironment['execute']>[1],
  ): { ok: boolean; value?: unknown; error?: ErrorPayload };
}

let code: string | undefined;
let sidebar: string | undefined;
let scopes: string[] | undefined;

export function loadBundle(options: GasEnvOptions = {}): GasBundle {
  code ??= readFileSync(path.join(DIST, 'Code.js'), 'utf8');
  sidebar ??= readFileSync(path.join(DIST, 'Sidebar.html'), 'utf8');
  // The manifest's scopes, as Apps Script would grant them: a call outside them fails here too.
  scopes ??= (
    JSON.parse(readFileSync(path.join(DIST, 'appsscript.json'), 'utf8')) as { oauthScopes: string[] }
  ).oauthScopes;
  const env = createGasEnvironment({ htmlFiles: { Sidebar: sidebar }, oauthScopes: scopes, ...options });
  const context = vm.createContext({ ...env.globals });
  env.bindContext(context);
  vm.runInContext(code, context, { filename: 'Code.js' });
  const run = <T>(name: string, args: unknown[] = [], opts?: Parameters<GasEnvironment['execute']>[1]): T => {
    const fn = (context as Record<string, unknown>)[name];
    if (typeof fn !== 'function') throw new Error(`Code.js has no top-level function ${name}`);
    return env.execute(() => (fn as (...a: unknown[]) => T)(...args), opts);
  };
  return {
    env,
    context,
    run,
    rpc: (method, request, opts) => JSON.parse(run<string>('rpc', [method, JSON.stringify(request)], opts)),
  };
}
