import { DataValidationCriteria, enumName } from './enums';
import { dateMs, gasError, isDate } from './errors';
import type { LocaleInfo } from './locale';
import { type RectRef, type RuleModel, rectOf } from './model';
import { type Scalar, displayValue } from './range-values';
import { type Zone, toWallMs, wallMsToSerial } from './timezone';
import { Fake, RT, type Runtime, instrument } from './runtime';

/** "The data validation rule has more items than the limit of 500" — the error Apps Script reports for long lists. */
export const MAX_LIST_ITEMS = 500;

const BUILDER_METHODS = [
  'build',
  'copy',
  'getAllowInvalid',
  'getCriteriaType',
  'getCriteriaValues',
  'getHelpText',
  'requireCheckbox',
  'requireDate',
  'requireDateAfter',
  'requireDateBefore',
  'requireDateBetween',
  'requireDateEqualTo',
  'requireDateOnOrAfter',
  'requireDateOnOrBefore',
  'requireFormulaSatisfied',
  'requireNumberBetween',
  'requireNumberEqualTo',
  'requireNumberGreaterThan',
  'requireNumberGreaterThanOrEqualTo',
  'requireNumberLessThan',
  'requireNumberLessThanOrEqualTo',
  'requireNumberNotBetween',
  'requireNumberNotEqualTo',
  'requireTextContains',
  'requireTextDoesNotContain',
  'requireTextEqualTo',
  'requireTextIsEmail',
  'requireTextIsUrl',
  'requireValueInList',
  'requireValueInRange',
  'setAllowInvalid',
  'setHelpText',
  'withCriteria',
] as const;

const RULE_METHODS = [
  'copy',
  'getAllowInvalid',
  'getCriteriaType',
  'getCriteriaValues',
  'getHelpText',
] as const;

/** https://developers.google.com/apps-script/reference/spreadsheet/data-validation-builder */
export class FakeDataValidationBuilder
  extends Fake
  implements Pick<GoogleAppsScript.Spreadsheet.DataValidationBuilder, (typeof BUILDER_METHODS)[number]>
{
  private criteria: string | undefined;
  private args: unknown[] = [];
  private source: RectRef | undefined;
  // "The default for new data validation rules is true" (setAllowInvalid).
  private allowInvalid = true;
  private helpText: string | null = null;

  constructor(rt: Runtime, from?: RuleModel) {
    super(rt);
    if (from) {
      this.criteria = from.criteria;
      this.args = [...from.args];
      this.source = from.source;
      this.allowInvalid = from.allowInvalid;
      this.helpText = from.helpText || null;
    }
  }

  build(): GoogleAppsScript.Spreadsheet.DataValidation {
    return new FakeDataValidation(this[RT], this.toModel());
  }

  copy(): GoogleAppsScript.Spreadsheet.DataValidationBuilder {
    return new FakeDataValidationBuilder(
      this[RT],
      this.toModel(),
    ) as unknown as GoogleAppsScript.Spreadsheet.DataValidationBuilder;
  }

  getAllowInvalid(): boolean {
    return this.allowInvalid;
  }

  getCriteriaType(): GoogleAppsScript.Spreadsheet.DataValidationCriteria {
    return criteriaMember(this.criteria ?? 'CUSTOM_FORMULA');
  }

  getCriteriaValues(): unknown[] {
    return [...this.args];
  }

  getHelpText(): string | null {
    return this.helpText;
  }

  requireCheckbox(
    checkedValue?: unknown,
    uncheckedValue?: unknown,
  ): GoogleAppsScript.Spreadsheet.DataValidationBuilder {
    const args =
      checkedValue === undefined
        ? []
        : uncheckedValue === undefined
          ? [checkedValue]
          : [checkedValue, uncheckedValue];
    return this.set('CHECKBOX', args);
  }

  requireDate(): GoogleAppsScript.Spreadsheet.DataValidationBuilder {
    return this.set('DATE_IS_VALID_DATE', []);
  }

  requireDateAfter(date: GoogleAppsScript.Base.Date): GoogleAppsScript.Spreadsheet.DataValidationBuilder {
    return this.set('DATE_AFTER', [checkDate(date, 'requireDateAfter')]);
  }

  requireDateBefore(date: GoogleAppsScript.Base.Date): GoogleAppsScript.Spreadsheet.DataValidationBuilder {
    return this.set('DATE_BEFORE', [checkDate(date, 'requireDateBefore')]);
  }

  requireDateBetween(
    start: GoogleAppsScript.Base.Date,
    end: GoogleAppsScript.Base.Date,
  ): GoogleAppsScript.Spreadsheet.DataValidationBuilder {
    return this.set('DATE_BETWEEN', [
      checkDate(start, 'requireDateBetween'),
      checkDate(end, 'requireDateBetween'),
    ]);
  }

  requireDateEqualTo(date: GoogleAppsScript.Base.Date): GoogleAppsScript.Spreadsheet.DataValidationBuilder {
    return this.set('DATE_EQUAL_TO', [checkDate(date, 'requireDateEqualTo')]);
  }

  requireDateOnOrAfter(date: GoogleAppsScript.Base.Date): GoogleAppsScript.Spreadsheet.DataValidationBuilder {
    return this.set('DATE_ON_OR_AFTER', [checkDate(date, 'requireDateOnOrAfter')]);
  }

  requireDateOnOrBefore(
    date: GoogleAppsScript.Base.Date,
  ): GoogleAppsScript.Spreadsheet.DataValidationBuilder {
    return this.set('DATE_ON_OR_BEFORE', [checkDate(date, 'requireDateOnOrBefore')]);
  }

  requireFormulaSatisfied(formula: string): GoogleAppsScript.Spreadsheet.DataValidationBuilder {
    return this.set('CUSTOM_FORMULA', [formula]);
  }

  requireNumberBetween(start: number, end: number): GoogleAppsScript.Spreadsheet.DataValidationBuilder {
    return this.set('NUMBER_BETWEEN', [start, end]);
  }

  requireNumberEqualTo(number: number): GoogleAppsScript.Spreadsheet.DataValidationBuilder {
    return this.set('NUMBER_EQUAL_TO', [number]);
  }

  requireNumberGreaterThan(number: number): GoogleAppsScript.Spreadsheet.DataValidationBuilder {
    return this.set('NUMBER_GREATER_THAN', [number]);
  }

  requireNumberGreaterThanOrEqualTo(number: number): GoogleAppsScript.Spreadsheet.DataValidationBuilder {
    return this.set('NUMBER_GREATER_THAN_OR_EQUAL_TO', [number]);
  }

  requireNumberLessThan(number: number): GoogleAppsScript.Spreadsheet.DataValidationBuilder {
    return this.set('NUMBER_LESS_THAN', [number]);
  }

  requireNumberLessThanOrEqualTo(number: number): GoogleAppsScript.Spreadsheet.DataValidationBuilder {
    return this.set('NUMBER_LESS_THAN_OR_EQUAL_TO', [number]);
  }

  requireNumberNotBetween(start: number, end: number): GoogleAppsScript.Spreadsheet.DataValidationBuilder {
    return this.set('NUMBER_NOT_BETWEEN', [start, end]);
  }

  requireNumberNotEqualTo(number: number): GoogleAppsScript.Spreadsheet.DataValidationBuilder {
    return this.set('NUMBER_NOT_EQUAL_TO', [number]);
  }

  requireTextContains(text: string): GoogleAppsScript.Spreadsheet.DataValidationBuilder {
    return this.set('TEXT_CONTAINS', [text]);
  }

  requireTextDoesNotContain(text: string): GoogleAppsScript.Spreadsheet.DataValidationBuilder {
    return this.set('TEXT_DOES_NOT_CONTAIN', [text]);
  }

  requireTextEqualTo(text: string): GoogleAppsScript.Spreadsheet.DataValidationBuilder {
    return this.set('TEXT_EQUAL_TO', [text]);
  }

  requireTextIsEmail(): GoogleAppsScript.Spreadsheet.DataValidationBuilder {
    return this.set('TEXT_IS_VALID_EMAIL', []);
  }

  requireTextIsUrl(): GoogleAppsScript.Spreadsheet.DataValidationBuilder {
    return this.set('TEXT_IS_VALID_URL', []);
  }

  requireValueInList(
    values: string[],
    showDropdown?: boolean,
  ): GoogleAppsScript.Spreadsheet.DataValidationBuilder {
    if (!Array.isArray(values)) throw gasError('Invalid argument: values');
    if (values.length > MAX_LIST_ITEMS) {
      throw gasError(
        `The data validation rule has more items than the limit of ${MAX_LIST_ITEMS}. Use the \u2018List from a range\u2019 criteria instead.`,
      );
    }
    // showDropdown defaults to true ("whether the spreadsheet should show a dropdown menu for the values").
    return this.set('VALUE_IN_LIST', [[...values], showDropdown ?? true]);
  }

  requireValueInRange(
    range: GoogleAppsScript.Spreadsheet.Range,
    showDropdown?: boolean,
  ): GoogleAppsScript.Spreadsheet.DataValidationBuilder {
    const rect = rectOf(range);
    if (!rect) throw gasError('Invalid argument: range');
    this.set('VALUE_IN_RANGE', [range, showDropdown ?? true]);
    this.source = rect;
    return this as unknown as GoogleAppsScript.Spreadsheet.DataValidationBuilder;
  }

  setAllowInvalid(allowInvalidData: boolean): GoogleAppsScript.Spreadsheet.DataValidationBuilder {
    this.allowInvalid = Boolean(allowInvalidData);
    return this as unknown as GoogleAppsScript.Spreadsheet.DataValidationBuilder;
  }

  setHelpText(helpText: string): GoogleAppsScript.Spreadsheet.DataValidationBuilder {
    this.helpText = String(helpText);
    return this as unknown as GoogleAppsScript.Spreadsheet.DataValidationBuilder;
  }

  withCriteria(
    criteria: GoogleAppsScript.Spreadsheet.DataValidationCriteria,
    args: unknown[],
  ): GoogleAppsScript.Spreadsheet.DataValidationBuilder {
    const name = enumName(criteria);
    if (!name) throw gasError('Invalid argument: criteria');
    this.set(name, [...args]);
    if (name === 'VALUE_IN_RANGE') this.source = rectOf(args[0]);
    return this as unknown as GoogleAppsScript.Spreadsheet.DataValidationBuilder;
  }

  private set(criteria: string, args: unknown[]): GoogleAppsScript.Spreadsheet.DataValidationBuilder {
    this.criteria = criteria;
    this.args = args;
    this.source = undefined;
    return this as unknown as GoogleAppsScript.Spreadsheet.DataValidationBuilder;
  }

  private toModel(): RuleModel {
    return {
      criteria: this.criteria ?? 'CUSTOM_FORMULA',
      args: [...this.args],
      allowInvalid: this.allowInvalid,
      helpText: this.helpText ?? '',
      source: this.source,
    };
  }
}

/** https://developers.google.com/apps-script/reference/spreadsheet/data-validation */
export class FakeDataValidation
  extends Fake
  implements Pick<GoogleAppsScript.Spreadsheet.DataValidation, (typeof RULE_METHODS)[number]>
{
  constructor(
    rt: Runtime,
    readonly model: RuleModel,
  ) {
    super(rt);
  }

  copy(): GoogleAppsScript.Spreadsheet.DataValidationBuilder {
    return new FakeDataValidationBuilder(
      this[RT],
      this.model,
    ) as unknown as GoogleAppsScript.Spreadsheet.DataValidationBuilder;
  }

  getAllowInvalid(): boolean {
    return this.model.allowInvalid;
  }

  getCriteriaType(): GoogleAppsScript.Spreadsheet.DataValidationCriteria {
    return criteriaMember(this.model.criteria);
  }

  getCriteriaValues(): unknown[] {
    return [...this.model.args];
  }

  getHelpText(): string {
    return this.model.helpText;
  }
}

instrument(FakeDataValidationBuilder, {
  name: 'DataValidationBuilder',
  qualified: 'SpreadsheetApp.DataValidationBuilder',
  methods: BUILDER_METHODS,
  access: 'open',
});
instrument(FakeDataValidation, {
  name: 'DataValidation',
  qualified: 'SpreadsheetApp.DataValidation',
  methods: RULE_METHODS,
  access: 'open',
});

export function ruleFromValidation(rule: unknown): RuleModel | null {
  if (rule === null || rule === undefined) return null;
  if (rule instanceof FakeDataValidation) return rule.model;
  throw gasError('Invalid argument: rule');
}

function criteriaMember(name: string): GoogleAppsScript.Spreadsheet.DataValidationCriteria {
  return (
    DataValidationCriteria as unknown as Record<string, GoogleAppsScript.Spreadsheet.DataValidationCriteria>
  )[name] as GoogleAppsScript.Spreadsheet.DataValidationCriteria;
}

function checkDate(date: unknown, method: string): Date {
  if (!isDate(date)) throw gasError(`Invalid argument: ${method}`);
  return date;
}

export interface ValidationContext {
  locale: LocaleInfo;
  zone: Zone;
  /** Display values of a VALUE_IN_RANGE source. */
  listFromRect(rect: RectRef): string[];
}

/**
 * Whether a written value breaks a rule. Only rules with allowInvalid false reject input; the check mirrors the
 * criteria descriptions on the DataValidationCriteria page. CUSTOM_FORMULA cannot be evaluated and always passes.
 */
export function violates(
  rule: RuleModel,
  value: Scalar,
  format: string | undefined,
  ctx: ValidationContext,
): boolean {
  const text = displayValue(value, format, ctx.locale);
  const num = typeof value === 'number' ? value : undefined;
  const nums = rule.args.map((a) => Number(a));
  const dateSerial = (d: unknown): number =>
    isDate(d) ? wallMsToSerial(toWallMs(dateMs(d), ctx.zone)) : NaN;
  const dayOf = (serial: number): number => Math.floor(serial);
  switch (rule.criteria) {
    case 'VALUE_IN_LIST':
      return !((rule.args[0] as unknown[]) ?? []).map(String).includes(text);
    case 'VALUE_IN_RANGE':
      return rule.source ? !ctx.listFromRect(rule.source).includes(text) : false;
    case 'CHECKBOX':
      if (rule.args.length === 0) return typeof value !== 'boolean';
      return !rule.args.map(String).includes(String(value));
    case 'DATE_IS_VALID_DATE':
      return num === undefined;
    case 'DATE_AFTER':
      return num === undefined || !(dayOf(num) > dayOf(dateSerial(rule.args[0])));
    case 'DATE_BEFORE':
      return num === undefined || !(dayOf(num) < dayOf(dateSerial(rule.args[0])));
    case 'DATE_ON_OR_AFTER':
      return num === undefined || !(dayOf(num) >= dayOf(dateSerial(rule.args[0])));
    case 'DATE_ON_OR_BEFORE':
      return num === undefined || !(dayOf(num) <= dayOf(dateSerial(rule.args[0])));
    case 'DATE_EQUAL_TO':
      return num === undefined || dayOf(num) !== dayOf(dateSerial(rule.args[0]));
    case 'DATE_BETWEEN':
    case 'DATE_NOT_BETWEEN': {
      if (num === undefined) return true;
      const inside =
        dayOf(num) >= dayOf(dateSerial(rule.args[0])) && dayOf(num) <= dayOf(dateSerial(rule.args[1]));
      return rule.criteria === 'DATE_BETWEEN' ? !inside : inside;
    }
    case 'NUMBER_BETWEEN':
      return num === undefined || num < (nums[0] ?? NaN) || num > (nums[1] ?? NaN);
    case 'NUMBER_NOT_BETWEEN':
      return num === undefined || (num >= (nums[0] ?? NaN) && num <= (nums[1] ?? NaN));
    case 'NUMBER_EQUAL_TO':
      return num !== nums[0];
    case 'NUMBER_NOT_EQUAL_TO':
      return num === undefined || num === nums[0];
    case 'NUMBER_GREATER_THAN':
      return num === undefined || !(num > (nums[0] ?? NaN));
    case 'NUMBER_GREATER_THAN_OR_EQUAL_TO':
      return num === undefined || !(num >= (nums[0] ?? NaN));
    case 'NUMBER_LESS_THAN':
      return num === undefined || !(num < (nums[0] ?? NaN));
    case 'NUMBER_LESS_THAN_OR_EQUAL_TO':
      return num === undefined || !(num <= (nums[0] ?? NaN));
    case 'TEXT_CONTAINS':
      return !text.includes(String(rule.args[0]));
    case 'TEXT_DOES_NOT_CONTAIN':
      return text.includes(String(rule.args[0]));
    case 'TEXT_EQUAL_TO':
      return text !== String(rule.args[0]);
    case 'TEXT_IS_VALID_EMAIL':
      return !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text);
    case 'TEXT_IS_VALID_URL':
      return !/^(https?|ftp):\/\/[^\s/$.?#].[^\s]*$/i.test(text);
    default:
      return false;
  }
}
