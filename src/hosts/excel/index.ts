export {
  ExcelDocument,
  DEFAULT_PAYLOAD_BUDGET,
  LARGE_WRITE_CELLS,
  type ExcelDocumentOptions,
  type ExcelRun,
} from './excel-document';
export { LISTS_SHEET } from './write-plan';
export { fromExcel, toExcel, serialOfWall, cellOfSerial, isDateFormat } from './cells';
