/**
 * Apps Script enums. In the V8 runtime an enum member is an object whose toString() is its name
 * (`String(ScriptApp.AuthMode.FULL) === 'FULL'`), compared by identity (`e.authMode === ScriptApp.AuthMode.NONE`,
 * the pattern on https://developers.google.com/apps-script/reference/script/auth-mode). The typings declare them as
 * numeric TypeScript enums, so each object is cast to its `typeof` enum type.
 */
export interface EnumMember {
  toString(): string;
  name(): string;
  ordinal(): number;
  toJSON(): string;
}

const memberNames = new WeakMap<object, string>();

export function makeEnum<T>(keys: readonly string[]): T {
  const result: Record<string, EnumMember> = {};
  keys.forEach((key, index) => {
    const member: EnumMember = Object.freeze({
      toString: () => key,
      name: () => key,
      ordinal: () => index,
      toJSON: () => key,
    });
    memberNames.set(member, key);
    result[key] = member;
  });
  return Object.freeze(result) as unknown as T;
}

/** The name of an enum member of ours, or of a string naming one; undefined for anything else. */
export function enumName(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) return memberNames.get(value);
  return undefined;
}

type Base = typeof GoogleAppsScript.Base;
type Script = typeof GoogleAppsScript.Script;
type Sheets = typeof GoogleAppsScript.Spreadsheet;
type Html = typeof GoogleAppsScript.HTML;
type Util = typeof GoogleAppsScript.Utilities;

export const Button = makeEnum<Base['Button']>(['CLOSE', 'OK', 'CANCEL', 'YES', 'NO']);
export const ButtonSet = makeEnum<Base['ButtonSet']>(['OK', 'OK_CANCEL', 'YES_NO', 'YES_NO_CANCEL']);
export const Weekday = makeEnum<Base['Weekday']>([
  'SUNDAY',
  'MONDAY',
  'TUESDAY',
  'WEDNESDAY',
  'THURSDAY',
  'FRIDAY',
  'SATURDAY',
]);
export const Month = makeEnum<Base['Month']>([
  'JANUARY',
  'FEBRUARY',
  'MARCH',
  'APRIL',
  'MAY',
  'JUNE',
  'JULY',
  'AUGUST',
  'SEPTEMBER',
  'OCTOBER',
  'NOVEMBER',
  'DECEMBER',
]);

export const AuthMode = makeEnum<Script['AuthMode']>(['NONE', 'CUSTOM_FUNCTION', 'LIMITED', 'FULL']);
export const AuthorizationStatus = makeEnum<Script['AuthorizationStatus']>(['REQUIRED', 'NOT_REQUIRED']);
export const EventType = makeEnum<Script['EventType']>([
  'CLOCK',
  'ON_OPEN',
  'ON_EDIT',
  'ON_FORM_SUBMIT',
  'ON_CHANGE',
  'ON_EVENT_UPDATED',
]);
export const InstallationSource = makeEnum<Script['InstallationSource']>([
  'APPS_MARKETPLACE_DOMAIN_ADD_ON',
  'NONE',
  'WEB_STORE_ADD_ON',
]);
export const TriggerSource = makeEnum<Script['TriggerSource']>([
  'SPREADSHEETS',
  'CLOCK',
  'FORMS',
  'DOCUMENTS',
  'CALENDAR',
]);

export const ProtectionType = makeEnum<Sheets['ProtectionType']>(['RANGE', 'SHEET']);
export const DataValidationCriteria = makeEnum<Sheets['DataValidationCriteria']>([
  'DATE_AFTER',
  'DATE_BEFORE',
  'DATE_BETWEEN',
  'DATE_EQUAL_TO',
  'DATE_IS_VALID_DATE',
  'DATE_NOT_BETWEEN',
  'DATE_ON_OR_AFTER',
  'DATE_ON_OR_BEFORE',
  'NUMBER_BETWEEN',
  'NUMBER_EQUAL_TO',
  'NUMBER_GREATER_THAN',
  'NUMBER_GREATER_THAN_OR_EQUAL_TO',
  'NUMBER_LESS_THAN',
  'NUMBER_LESS_THAN_OR_EQUAL_TO',
  'NUMBER_NOT_BETWEEN',
  'NUMBER_NOT_EQUAL_TO',
  'TEXT_CONTAINS',
  'TEXT_DOES_NOT_CONTAIN',
  'TEXT_EQUAL_TO',
  'TEXT_IS_VALID_EMAIL',
  'TEXT_IS_VALID_URL',
  'VALUE_IN_LIST',
  'VALUE_IN_RANGE',
  'CUSTOM_FORMULA',
  'CHECKBOX',
]);
export const SheetType = makeEnum<Sheets['SheetType']>(['GRID', 'OBJECT']);

export const SandboxMode = makeEnum<Html['SandboxMode']>(['EMULATED', 'IFRAME', 'NATIVE']);
export const XFrameOptionsMode = makeEnum<Html['XFrameOptionsMode']>(['ALLOWALL', 'DEFAULT']);

export const Charset = makeEnum<Util['Charset']>(['US_ASCII', 'UTF_8']);
export const DigestAlgorithm = makeEnum<Util['DigestAlgorithm']>([
  'MD2',
  'MD5',
  'SHA_1',
  'SHA_256',
  'SHA_384',
  'SHA_512',
]);

export const ChartType = makeEnum<typeof GoogleAppsScript.Charts.ChartType>([
  'TIMELINE',
  'AREA',
  'BAR',
  'BUBBLE',
  'CANDLESTICK',
  'COLUMN',
  'COMBO',
  'GAUGE',
  'GEO',
  'HISTOGRAM',
  'RADAR',
  'LINE',
  'ORG',
  'PIE',
  'SCATTER',
  'SPARKLINE',
  'STEPPED_AREA',
  'TABLE',
  'TREEMAP',
  'WATERFALL',
]);
