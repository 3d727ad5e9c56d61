import { format } from 'node:util';
import { Fake, RT, type Runtime, instrument } from './runtime';
import { formatSimpleDate } from './simple-date-format';
import { resolveZone } from './timezone';

export interface LogEntry {
  source: 'Logger' | 'console';
  level: 'log' | 'info' | 'warn' | 'error';
  message: string;
  at: number;
}

const LOGGER_METHODS = ['clear', 'getLog', 'log'] as const;

/** https://developers.google.com/apps-script/reference/base/logger */
export class FakeLogger
  extends Fake
  implements Pick<GoogleAppsScript.Base.Logger, (typeof LOGGER_METHODS)[number]>
{
  private lines: string[] = [];

  constructor(
    rt: Runtime,
    private readonly entries: LogEntry[],
  ) {
    super(rt);
  }

  clear(): void {
    this.lines = [];
  }

  /** Each line carries a timestamp in the script's time zone, like the real log. */
  getLog(): string {
    return this.lines.join('\n') + (this.lines.length ? '\n' : '');
  }

  /** log(data) or log(format, ...values) with %s-style placeholders. */
  log(data: unknown, ...values: unknown[]): GoogleAppsScript.Base.Logger {
    const message = typeof data === 'string' && values.length > 0 ? format(data, ...values) : stringify(data);
    const at = this[RT].clock.now();
    this.entries.push({ source: 'Logger', level: 'info', message, at });
    const stamp = formatSimpleDate(at, resolveZone(this[RT].options.timeZone), 'yy-MM-dd HH:mm:ss:SSS z');
    this.lines.push(`[${stamp}] ${message}`);
    return this as unknown as GoogleAppsScript.Base.Logger;
  }
}

function stringify(value: unknown): string {
  if (typeof value === 'string') return value;
  if (
    typeof value === 'object' &&
    value !== null &&
    Object.prototype.toString.call(value) !== '[object Date]'
  ) {
    try {
      return JSON.stringify(value);
    } catch {
      return String(value);
    }
  }
  return String(value);
}

/**
 * The console of the Apps Script runtime writes to Cloud Logging; here it appends to env.logs. Not counted as a
 * service call (it is a language-level object in V8 Apps Script).
 */
export function makeConsole(rt: Runtime, entries: LogEntry[]): Console {
  const timers = new Map<string, number>();
  const write =
    (level: LogEntry['level']) =>
    (...args: unknown[]): void => {
      entries.push({ source: 'console', level, message: format(...args), at: rt.clock.now() });
    };
  return {
    log: write('log'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    time: (label: string) => void timers.set(label, rt.clock.now()),
    timeEnd: (label: string) => {
      const start = timers.get(label);
      if (start !== undefined) write('info')(`${label}: ${rt.clock.now() - start}ms`);
      timers.delete(label);
    },
  } as Console;
}

instrument(FakeLogger, { name: 'Logger', methods: LOGGER_METHODS, access: 'open' });
