/**
 * The one error shape every layer uses. It crosses RPC as plain JSON (see `toErrorPayload`), so the
 * sidebar can show the message and put each field's problem beside that field.
 */
export type ErrorCode = 'invalid' | 'conflict' | 'not-found' | 'schema' | 'busy' | 'usage' | 'internal';

export interface FieldProblem {
  field: string;
  message: string;
}

export class RegisterError extends Error {
  readonly code: ErrorCode;
  readonly problems: FieldProblem[];
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, problems: FieldProblem[] = [], details?: unknown) {
    super(message);
    this.name = 'RegisterError';
    this.code = code;
    this.problems = problems;
    this.details = details;
  }
}

export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  problems: FieldProblem[];
  details?: unknown;
}

/** Never a stack trace: an unexpected error becomes a short `internal` message. */
export function toErrorPayload(err: unknown): ErrorPayload {
  if (err instanceof RegisterError) {
    const payload: ErrorPayload = { code: err.code, message: err.message, problems: err.problems };
    if (err.details !== undefined) payload.details = err.details;
    return payload;
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'internal', message: `Something went wrong: ${message}`, problems: [] };
}

export function invalid(problems: FieldProblem[], prefix?: string): RegisterError {
  const text = problems.map((p) => (p.field ? `${p.field}: ${p.message}` : p.message)).join('; ');
  return new RegisterError('invalid', prefix ? `${prefix}: ${text}` : text, problems);
}
