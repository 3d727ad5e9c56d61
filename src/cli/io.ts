/**
 * Where the CLI writes, and the exit codes it returns. Commands never touch `process` directly, so
 * tests run them in-process with string sinks.
 */
import type { ErrorCode, FieldProblem } from '../core/errors';
import type { LocalDocumentOptions } from '../hosts/local';

export interface TextSink {
  write(text: string): unknown;
}

export interface CliIo {
  stdout: TextSink;
  stderr: TextSink;
  /** stdout is a terminal: tables are fitted to `columns`, long cells truncated. */
  isTTY: boolean;
  /** stderr is a terminal: progress bars are drawn there. Defaults to `isTTY`. */
  stderrIsTTY?: boolean;
  /** Terminal width (default 100). */
  columns?: number;
  /** Options for every register the command opens (tests fix the user and the clock). */
  document?: LocalDocumentOptions;
  /** Base for relative paths (default the process's working directory). */
  cwd?: string;
}

/** 0: done. 1: problems found in the register, or it could not be done (busy, broken file). */
export const EXIT_OK = 0;
export const EXIT_PROBLEMS = 1;
/** The command line or its input was wrong; nothing was written. */
export const EXIT_USAGE = 2;

export function line(sink: TextSink, text = ''): void {
  sink.write(`${text}\n`);
}

export function printJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** 2 for what the person can fix in the command (nothing was written), 1 for the rest. */
export function exitCodeFor(code: ErrorCode): number {
  return code === 'usage' || code === 'invalid' || code === 'not-found' || code === 'conflict'
    ? EXIT_USAGE
    : EXIT_PROBLEMS;
}

/**
 * An error's message without the problem list core appends to it (`invalid()` joins the problems
 * into the message); the CLI prints the problems one per line instead.
 */
export function headline(err: { message: string; problems: FieldProblem[] }): string {
  const joined = err.problems.map((p) => (p.field ? `${p.field}: ${p.message}` : p.message)).join('; ');
  if (joined && err.message === joined) return 'Not saved';
  if (joined && err.message.endsWith(`: ${joined}`)) return err.message.slice(0, -(joined.length + 2));
  return err.message;
}
