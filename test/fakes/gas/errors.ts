/**
 * Errors as Apps Script throws them: the V8 runtime reports service failures as `Exception: <message>`
 * (error.name 'Exception'), and advanced services as GoogleJsonResponseException.
 */
export class GasException extends Error {
  constructor(message: string, name = 'Exception') {
    super(message);
    this.name = name;
  }
}

export function gasError(message: string): GasException {
  return new GasException(message);
}

/**
 * The runtime's wording when arguments do not fit any overload, e.g.
 * "The parameters (number[]) don't match the method signature for SpreadsheetApp.Range.setValues."
 * (seen in Apps Script error reports; the reference pages list overloads but not this text).
 */
export function signatureError(qualifiedMethod: string, args: readonly unknown[]): GasException {
  return gasError(
    `The parameters (${args.map(describeArg).join(',')}) don't match the method signature for ${qualifiedMethod}.`,
  );
}

export function isDate(value: unknown): value is Date {
  // Dates made in a node:vm context come from another realm, so `instanceof Date` would be false.
  return Object.prototype.toString.call(value) === '[object Date]';
}

export function dateMs(value: Date): number {
  return Date.prototype.getTime.call(value);
}

function describeArg(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    const kinds = new Set(value.map(describeArg));
    if (kinds.size === 1) return `${[...kinds][0]}[]`;
    return 'Object[]';
  }
  if (isDate(value)) return 'Date';
  switch (typeof value) {
    case 'string':
      return 'String';
    case 'number':
      return 'number';
    case 'boolean':
      return 'Boolean';
    case 'undefined':
      return 'undefined';
    default:
      return 'Object';
  }
}
