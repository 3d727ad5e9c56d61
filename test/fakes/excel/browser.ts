/**
 * The emulator as a classic script for a browser page, standing in for Office.js from the CDN: it
 * defines the `Office`, `Excel` and `OfficeExtension` globals and `window.__excel` (the inspector and
 * counters, for the test). A page may set `window.__excelState` (an exported workbook) before it runs.
 */
import { createExcelEmulator, type ExcelEmulator, type WorkbookState } from './index';

interface EmulatorWindow {
  __excelState?: WorkbookState;
  __excel?: ExcelEmulator;
  Office?: unknown;
  Excel?: unknown;
  OfficeExtension?: unknown;
}

const w = globalThis as unknown as EmulatorWindow;
const emulator = createExcelEmulator(w.__excelState ? { state: w.__excelState } : {});
w.__excel = emulator;
w.Office = emulator.globals.Office;
w.Excel = emulator.globals.Excel;
w.OfficeExtension = emulator.globals.OfficeExtension;
