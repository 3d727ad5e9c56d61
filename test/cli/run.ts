import { runCli } from '../../src/cli/run-cli';
import type { LocalDocumentOptions } from '../../src/hosts/local';
import { FIXED } from '../local/helpers';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run `backoffice ...argv` in-process, in `cwd`, with string sinks. */
export async function cli(
  cwd: string,
  argv: string[],
  opts: { isTTY?: boolean; stderrIsTTY?: boolean; columns?: number; document?: LocalDocumentOptions } = {},
): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    isTTY: opts.isTTY ?? false,
    stderrIsTTY: opts.stderrIsTTY ?? false,
    columns: opts.columns ?? 100,
    document: opts.document ?? FIXED,
    cwd,
  });
  return { code, stdout, stderr };
}
