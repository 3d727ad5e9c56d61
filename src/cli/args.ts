/**
 * What every command does with its arguments: usage errors, text options, and the register file
 * (an .xlsx that must exist already). One copy for the record, merge and chase commands.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { RegisterError } from '../core/errors';
import { openLocalDocument, type LocalDocument } from '../hosts/local';
import type { CommandContext, OptionValues } from './commands';

export function usage(message: string): RegisterError {
  return new RegisterError('usage', message);
}

export function text(opts: OptionValues, name: string): string | undefined {
  const v = opts[name];
  return typeof v === 'string' ? v : undefined;
}

export function resolveFile(ctx: CommandContext, file: string): string {
  if (!/\.xlsx$/i.test(file))
    throw usage(
      `${file}: the register must be an .xlsx file (Excel workbook); other formats would lose data`,
    );
  return path.resolve(ctx.io.cwd ?? process.cwd(), file);
}

/** The register file of a command that needs one to exist already. */
export function existingRegister(ctx: CommandContext): LocalDocument {
  const file = resolveFile(ctx, ctx.args[0]!);
  if (!existsSync(file))
    throw usage(
      `There is no register at ${ctx.args[0]}; create one with: backoffice init ${ctx.args[0]} --sample`,
    );
  return openLocalDocument(file, ctx.io.document);
}
