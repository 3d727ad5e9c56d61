/**
 * Errors as the Excel JavaScript API reports them: an `OfficeExtension.Error` with a `code` from
 * `OfficeExtension.ErrorCodes` / `Excel.ErrorCodes`, a localized `message` and `debugInfo`
 * (learn.microsoft.com/office/dev/add-ins/testing/application-specific-api-error-handling, "API errors"
 * and "Error codes and messages"; learn.microsoft.com/javascript/api/office/officeextension.error).
 * The shipped runtime names the error "RichApi.Error" (the name the resource-limits page uses:
 * "RichAPI.Error will be thrown if that limit is exceeded"), so `error.name` is that.
 */

/** The messages of the error table on the error-handling page, for the codes the emulator raises. */
export const ERROR_MESSAGES = {
  AccessDenied: 'You cannot perform the requested operation.',
  ApiNotFound:
    'The API you are trying to use could not be found. It may be available in a newer version of the Office application.',
  GeneralException: 'There was an internal error while processing the request.',
  InvalidArgument: 'The argument is invalid or missing or has an incorrect format.',
  InvalidOperation: 'The operation attempted is invalid on the object.',
  InvalidReference: 'This reference is not valid for the current operation.',
  ItemAlreadyExists: 'The resource being created already exists.',
  ItemNotFound: "The requested resource doesn't exist.",
  NotImplemented: "The requested feature isn't implemented.",
  RequestPayloadSizeLimitExceeded:
    'The request payload size has exceeded the limit. See the Resource limits and performance optimization for Office Add-ins article for more information.',
  ResponsePayloadSizeLimitExceeded:
    'The response payload size has exceeded the limit. See the Resource limits and performance optimization for Office Add-ins article for more information.',
  RangeExceedsLimit: 'The cell count in the range has exceeded the maximum supported number.',
  MergedRangeConflict:
    "Cannot complete the operation. A table can't overlap with another table, a PivotTable report, query results, merged cells, or an XML Map.",
  // Client-side codes of OfficeExtension.ErrorCodes (learn.microsoft.com/javascript/api/office/officeextension.errorcodes).
  PropertyNotLoaded: '',
  RunMustReturnPromise:
    'The batch function passed to the ".run" method didn\'t return a promise. The function must return a promise, so that any automatically-tracked objects can be released at the completion of the batch operation.',
  InvalidRequestContext: 'Cannot use the object across different request contexts.',
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

export interface DebugInfo {
  code: string;
  message: string;
  errorLocation?: string;
  statement?: string;
}

/** The emulator's `OfficeExtension.Error` (exposed as that global in the browser build). */
export class OfficeExtensionError extends Error {
  code: string;
  debugInfo: DebugInfo;
  traceMessages: string[] = [];
  innerError: OfficeExtensionError | null = null;

  constructor(code: string, message: string, debugInfo?: Partial<DebugInfo>) {
    super(message);
    this.name = 'RichApi.Error';
    this.code = code;
    this.debugInfo = { code, message, ...debugInfo };
  }
}

/** An error with the documented message for `code`, plus detail where it helps a developer. */
export function excelError(code: ErrorCode, detail?: string): OfficeExtensionError {
  const base = ERROR_MESSAGES[code];
  return new OfficeExtensionError(code, detail ?? base);
}

/**
 * Reading a property that was not loaded and synced. The message is the one Office.js throws
 * (OfficeExtension.ErrorCodes.propertyNotLoaded; the rule itself is on
 * learn.microsoft.com/office/dev/add-ins/develop/application-specific-api-model, "load()").
 */
export function propertyNotLoaded(name: string): OfficeExtensionError {
  return new OfficeExtensionError(
    'PropertyNotLoaded',
    `The property '${name}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
  );
}

/** Excel's wording when a 2D array does not fit the range it is written to. */
export function dimensionMismatch(): OfficeExtensionError {
  return new OfficeExtensionError(
    'InvalidArgument',
    "The number of rows or columns in the input array doesn't match the size or dimensions of the range.",
  );
}
