/**
 * `backoffice <command> ...`: parse the command line (node:util parseArgs, strict), run the
 * command, print errors, and return the exit code. Importable, so tests run it in-process.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { toErrorPayload } from '../core/errors';
import { COMMANDS, type Command, type OptionValues } from './commands';
import { EXIT_OK, EXIT_USAGE, exitCodeFor, headline, line, printJson, type CliIo } from './io';

export type { CliIo } from './io';

const COMMON_OPTIONS = {
  json: { type: 'boolean', help: 'print the result as JSON' },
  help: { type: 'boolean', short: 'h', help: 'show this help' },
} as const;

function synopsis(cmd: Command): string {
  const args = cmd.positionals.map((p) => `<${p}>`).join(' ');
  const opts = Object.entries(cmd.options)
    .map(([name, o]) =>
      o.type === 'boolean'
        ? `[--${name}]`
        : name === 'data'
          ? `--${name} ${o.arg ?? '<value>'}`
          : `[--${name} ${o.arg ?? '<value>'}]`,
    )
    .join(' ');
  return `backoffice ${cmd.name} ${args}${opts ? ` ${opts}` : ''} [--json]`;
}

function commandHelp(cmd: Command): string {
  const options = { ...cmd.options, ...COMMON_OPTIONS };
  const rows = Object.entries(options).map(([name, o]) => {
    const flag = `${'short' in o && o.short ? `-${o.short}, ` : ''}--${name}${'arg' in o && o.arg ? ` ${o.arg}` : ''}`;
    return `  ${flag.padEnd(26)}${o.help}${'multiple' in o && o.multiple ? ' (repeatable)' : ''}`;
  });
  return [
    `${cmd.summary}.`,
    '',
    `Usage: ${synopsis(cmd)}`,
    '',
    'Options:',
    ...rows,
    ...(cmd.notes ? ['', ...cmd.notes] : []),
  ].join('\n');
}

export function mainHelp(): string {
  return [
    'backoffice: a back-office register (suppliers, orders, invoices, requests, staff, tasks) in an .xlsx file.',
    '',
    'Usage: backoffice <command> <file.xlsx> [arguments] [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(10)}${c.summary}`),
    '',
    'Every command takes --help and --json. Table names match in any case ("purchase orders").',
    '',
    'Environment:',
    '  BACKOFFICE_USER   your email address, recorded as Created by / Updated by (default <login>@localhost.localdomain)',
    "  BACKOFFICE_TZ     the register's time zone for today's date and timestamps (default the system's)",
    '',
    'Exit codes: 0 done; 1 problems found, or the register is busy or unreadable; 2 wrong command line or input (nothing written).',
  ].join('\n');
}

function usageError(io: CliIo, message: string, help: string): number {
  line(io.stderr, message);
  line(io.stderr, '');
  line(io.stderr, help);
  return EXIT_USAGE;
}

function optionsConfig(cmd: Command): NonNullable<ParseArgsConfig['options']> {
  const out: NonNullable<ParseArgsConfig['options']> = {};
  for (const [name, o] of Object.entries({ ...cmd.options, ...COMMON_OPTIONS })) {
    out[name] = {
      type: o.type,
      ...('short' in o && o.short ? { short: o.short } : {}),
      ...('multiple' in o && o.multiple ? { multiple: true } : {}),
    };
  }
  return out;
}

function reportError(io: CliIo, err: unknown, json: boolean): number {
  const payload = toErrorPayload(err);
  if (json) printJson(io, { error: payload });
  if (payload.problems.length > 0) {
    line(io.stderr, `${headline(payload)}:`);
    for (const p of payload.problems) line(io.stderr, `  ${p.field ? `${p.field}: ` : ''}${p.message}`);
  } else line(io.stderr, payload.message);
  return exitCodeFor(payload.code);
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) return usageError(io, 'Which command?', mainHelp());
  if (name === '--help' || name === '-h' || name === 'help') {
    const topic = rest[0] && COMMANDS.find((c) => c.name === rest[0]);
    line(io.stdout, topic ? commandHelp(topic) : mainHelp());
    return EXIT_OK;
  }
  const cmd = COMMANDS.find((c) => c.name === name);
  if (!cmd) return usageError(io, `Unknown command "${name}".`, mainHelp());

  let parsed: { values: OptionValues; positionals: string[] };
  try {
    parsed = parseArgs({
      args: rest,
      options: optionsConfig(cmd),
      allowPositionals: true,
      strict: true,
    }) as typeof parsed;
  } catch (e) {
    // parseArgs explains unknown options and missing values (ERR_PARSE_ARGS_*).
    return usageError(
      io,
      (e as Error).message,
      `Usage: ${synopsis(cmd)}\nSee: backoffice ${cmd.name} --help`,
    );
  }
  if (parsed.values.help === true) {
    line(io.stdout, commandHelp(cmd));
    return EXIT_OK;
  }
  const { positionals } = parsed;
  if (positionals.length !== cmd.positionals.length) {
    const missing = cmd.positionals.slice(positionals.length).map((p) => `<${p}>`);
    const problem =
      positionals.length < cmd.positionals.length
        ? `Missing ${missing.join(' ')}.`
        : `Too many arguments: ${positionals
            .slice(cmd.positionals.length)
            .map((p) => `"${p}"`)
            .join(' ')} (quote a table name with spaces: "Purchase Orders").`;
    return usageError(io, problem, `Usage: ${synopsis(cmd)}\nSee: backoffice ${cmd.name} --help`);
  }
  const json = parsed.values.json === true;
  try {
    return await cmd.run({ io, args: positionals, opts: parsed.values, json });
  } catch (err) {
    return reportError(io, err, json);
  }
}
