export {
  ExcelDocument,
  DEFAULT_PAYLOAD_BUDGET,
  LARGE_WRITE_CELLS,
  type ExcelDocumentOptions,
  type ExcelRun,
} from './excel-document';
export { LISTS_SHEET } from './write-plan';
export { fromExcel, toExcel, serialOfWall, cellOfSerial, isDateFormat } from './cells';
export {
  GraphMailer,
  GraphSendError,
  GRAPH_MAIL_SCOPES,
  EXCHANGE_DAILY_RECIPIENTS,
  type GetToken,
  type GraphMailerOptions,
} from './graph-mailer';
export { excelMergeRuntime, type ExcelMergeRuntime } from './merge-runtime';
