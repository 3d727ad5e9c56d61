import vm from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createGasEnvironment, type GasEnvOptions, type GasEnvironment } from './fakes/gas';

type Services = {
  SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp;
  HtmlService: GoogleAppsScript.HTML.HtmlService;
  PropertiesService: GoogleAppsScript.Properties.PropertiesService;
  LockService: GoogleAppsScript.Lock.LockService;
  ScriptApp: GoogleAppsScript.Script.ScriptApp;
  Session: GoogleAppsScript.Base.Session;
  Utilities: GoogleAppsScript.Utilities.Utilities;
  MailApp: GoogleAppsScript.Mail.MailApp;
  Gmail: GoogleAppsScript.Gmail;
  Logger: GoogleAppsScript.Base.Logger;
  Charts: { ChartType: typeof GoogleAppsScript.Charts.ChartType };
};

/** The emulated globals, typed the way the code under test sees them. */
function setup(options: GasEnvOptions = {}): { env: GasEnvironment; g: Services } {
  const env = createGasEnvironment(options);
  return { env, g: env.globals as unknown as Services };
}

function activeSheet(g: Services): GoogleAppsScript.Spreadsheet.Sheet {
  return g.SpreadsheetApp.getActiveSpreadsheet().getSheets()[0] as GoogleAppsScript.Spreadsheet.Sheet;
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

describe('Spreadsheet and Sheet', () => {
  it('starts with one empty 1000 x 26 sheet', () => {
    const { g } = setup();
    const ss = g.SpreadsheetApp.getActiveSpreadsheet();
    expect(ss.getName()).toBe('Backoffice Register');
    expect(ss.getUrl()).toBe(`https://docs.google.com/spreadsheets/d/${ss.getId()}/edit`);
    const sheet = ss.getSheets()[0] as GoogleAppsScript.Spreadsheet.Sheet;
    expect(sheet.getName()).toBe('Sheet1');
    expect(sheet.getSheetId()).toBe(0);
    expect([sheet.getMaxRows(), sheet.getMaxColumns()]).toEqual([1000, 26]);
    expect([sheet.getLastRow(), sheet.getLastColumn()]).toEqual([0, 0]);
    expect(sheet.getDataRange().getA1Notation()).toBe('A1');
    expect(g.SpreadsheetApp.getActive().getId()).toBe(ss.getId());
  });

  it('inserts, finds, renames and deletes sheets with the service errors', () => {
    const { g } = setup();
    const ss = g.SpreadsheetApp.getActiveSpreadsheet();
    const data = ss.insertSheet('Data');
    expect(ss.getActiveSheet().getName()).toBe('Data');
    expect(data.getIndex()).toBe(2);
    const first = ss.insertSheet('Setup', 0);
    expect(first.getIndex()).toBe(1);
    expect(ss.getSheets().map((s) => s.getName())).toEqual(['Setup', 'Sheet1', 'Data']);
    expect(ss.getSheetByName('Nope')).toBeNull();
    expect(ss.getSheetByName('Data')?.getSheetId()).toBe(data.getSheetId());
    expect(() => ss.insertSheet('Data')).toThrow(
      'A sheet with the name "Data" already exists. Please enter another name.',
    );
    expect(() => ss.insertSheet('data')).toThrow('already exists');
    expect(() => first.setName('Data')).toThrow('already exists');
    expect(ss.insertSheet().getName()).toBe('Sheet4');
    ss.deleteSheet(data);
    expect(ss.getSheetByName('Data')).toBeNull();
    expect(ss.getNumSheets()).toBe(3);
    ss.setActiveSheet(first);
    expect(ss.getActiveSheet().getName()).toBe('Setup');
    // Sheet objects are handles: asking twice gives two objects for the same sheet.
    expect(ss.getSheetByName('Setup')).not.toBe(ss.getSheetByName('Setup'));
  });

  it('checks coordinates like the service', () => {
    const { g } = setup();
    const sheet = activeSheet(g);
    expect(() => sheet.getRange(0, 1)).toThrow('The starting row of the range is too small.');
    expect(() => sheet.getRange(1, 0)).toThrow('The starting column of the range is too small.');
    expect(() => sheet.getRange(1, 1, 0, 1)).toThrow('The number of rows in the range must be at least 1.');
    expect(() => sheet.getRange(1000, 1, 2, 1)).toThrow(
      'The coordinates of the range are outside the dimensions of the sheet.',
    );
    expect(() => sheet.getRange('A1:AA1')).toThrow('outside the dimensions');
    const range = sheet.getRange(2, 3, 4, 5);
    expect([range.getRow(), range.getColumn(), range.getNumRows(), range.getNumColumns()]).toEqual([
      2, 3, 4, 5,
    ]);
    expect([range.getLastRow(), range.getLastColumn()]).toEqual([5, 7]);
    expect(range.getA1Notation()).toBe('C2:G5');
    expect(sheet.getRange('B:C').getNumRows()).toBe(1000);
    expect(sheet.getRange('B:C').getA1Notation()).toBe('B:C');
    expect(range.offset(1, -1, 1, 1).getA1Notation()).toBe('B3');
    expect(range.getSheet().getName()).toBe('Sheet1');
  });

  it('resolves sheet-qualified A1 notation', () => {
    const { g } = setup();
    const ss = g.SpreadsheetApp.getActiveSpreadsheet();
    ss.insertSheet("Bob's List").getRange('B2').setValue('x');
    ss.setActiveSheet(ss.getSheets()[0] as GoogleAppsScript.Spreadsheet.Sheet);
    expect(ss.getRange("'Bob''s List'!B2").getValue()).toBe('x');
    expect(ss.getRange('B2').getSheet().getName()).toBe('Sheet1');
    expect(() => ss.getRange('Nope!A1')).toThrow('Range not found');
  });

  it('appends rows, growing the sheet, and inserts and deletes rows', () => {
    const { g } = setup();
    const sheet = activeSheet(g);
    sheet.deleteRows(3, 998);
    expect(sheet.getMaxRows()).toBe(2);
    for (let i = 1; i <= 4; i++) sheet.appendRow([`r${i}`, i]);
    expect(sheet.getMaxRows()).toBe(4);
    expect(sheet.getLastRow()).toBe(4);
    sheet.insertRowsAfter(1, 2);
    expect(sheet.getMaxRows()).toBe(6);
    expect(sheet.getRange('A1:A6').getValues().flat()).toEqual(['r1', '', '', 'r2', 'r3', 'r4']);
    sheet.deleteRow(2);
    sheet.insertRowBefore(1);
    expect(sheet.getRange('A1:A3').getValues().flat()).toEqual(['', 'r1', '']);
    sheet.insertColumnsAfter(1, 1);
    expect(sheet.getMaxColumns()).toBe(27);
    expect(sheet.getRange('C2').getValue()).toBe(1);
    expect(() => sheet.deleteRows(1, sheet.getMaxRows())).toThrow(
      'Sorry, it is not possible to delete all non-frozen rows.',
    );
  });

  it('freezes, hides, resizes and clears', () => {
    const { g } = setup();
    const ss = g.SpreadsheetApp.getActiveSpreadsheet();
    const sheet = activeSheet(g);
    sheet.setFrozenRows(1);
    sheet.setFrozenColumns(2);
    expect([sheet.getFrozenRows(), sheet.getFrozenColumns()]).toEqual([1, 2]);
    expect(() => sheet.hideSheet()).toThrow("You can't hide all the sheets in a document.");
    const other = ss.insertSheet('Other');
    other.hideSheet();
    expect(other.isSheetHidden()).toBe(true);
    other.showSheet();
    expect(other.isSheetHidden()).toBe(false);
    sheet.setColumnWidth(3, 240);
    expect(sheet.getColumnWidth(3)).toBe(240);
    sheet.getRange('A1:B2').setValues([
      ['long header text', 'b'],
      [1, 2],
    ]);
    sheet.autoResizeColumns(1, 2);
    expect(sheet.getColumnWidth(1)).toBeGreaterThan(sheet.getColumnWidth(2));
    sheet.getRange('A1').setFontWeight('bold').setBackground('#eeeeee');
    sheet.clearContents();
    expect(sheet.getLastRow()).toBe(0);
    expect(sheet.getRange('A1').getFontWeight()).toBe('bold');
    sheet.clear();
    expect(sheet.getRange('A1').getFontWeight()).toBe('normal');
  });

  it('records charts', () => {
    const { env, g } = setup();
    const sheet = activeSheet(g);
    sheet.getRange('A1:B3').setValues([
      ['k', 'v'],
      ['a', 1],
      ['b', 2],
    ]);
    const chart = sheet
      .newChart()
      .addRange(sheet.getRange('A1:B3'))
      .setChartType(g.Charts.ChartType.PIE)
      .setPosition(5, 5, 0, 0)
      .setOption('title', 'Totals')
      .build();
    sheet.insertChart(chart);
    expect(sheet.getCharts()).toHaveLength(1);
    expect(sheet.getCharts()[0]?.getOptions().get('title')).toBe('Totals');
    expect(sheet.getCharts()[0]?.getRanges()[0]?.getA1Notation()).toBe('A1:B3');
    expect(env.spreadsheet.sheetModel('Sheet1').charts[0]?.chartType).toBe('PIE');
    sheet.removeChart(sheet.getCharts()[0] as GoogleAppsScript.Spreadsheet.EmbeddedChart);
    expect(sheet.getCharts()).toHaveLength(0);
  });
});

describe('Range values', () => {
  it("returns '' for empty cells and keeps numbers, booleans and text", () => {
    const { g } = setup();
    const sheet = activeSheet(g);
    sheet.getRange('A1:C1').setValues([[42, true, 'text']]);
    expect(sheet.getRange('A1:D2').getValues()).toEqual([
      [42, true, 'text', ''],
      ['', '', '', ''],
    ]);
    expect(sheet.getRange('D1').getValue()).toBe('');
    expect(sheet.getRange('A1:D1').getDisplayValues()).toEqual([['42', 'TRUE', 'text', '']]);
    expect(sheet.getRange('A2').isBlank()).toBe(true);
  });

  it('rejects mismatched dimensions with the documented messages', () => {
    const { g } = setup();
    const range = activeSheet(g).getRange('A1:C2');
    expect(() => range.setValues([[1, 2, 3]])).toThrow(
      'The number of rows in the data does not match the number of rows in the range. The data has 1 but the range has 2.',
    );
    expect(() =>
      range.setValues([
        [1, 2, 3],
        [4, 5],
      ]),
    ).toThrow(
      'The number of columns in the data does not match the number of columns in the range. The data has 2 but the range has 3.',
    );
    expect(() => range.setValues([1, 2, 3] as unknown as unknown[][])).toThrow(
      "The parameters (number[]) don't match the method signature for SpreadsheetApp.Range.setValues.",
    );
    expect(range.getValues()).toEqual([
      ['', '', ''],
      ['', '', ''],
    ]);
  });

  it('turns strings into what typing them would: formulas, apostrophes, numbers, booleans, dates', () => {
    const { g } = setup();
    const sheet = activeSheet(g);
    const row = [
      '=SUM(B2:B3)',
      "'=not a formula",
      '0123',
      '1,234.5',
      'TRUE',
      'false',
      '50%',
      '2024-03-05',
      '  plain  ',
    ];
    sheet.getRange(1, 1, 1, row.length).setValues([row]);
    const range = sheet.getRange(1, 1, 1, row.length);
    const [values] = range.getValues() as unknown[][];
    expect(range.getFormulas()[0]?.[0]).toBe('=SUM(B2:B3)');
    expect(values?.[0]).toBe('#ERROR!');
    expect(values?.[1]).toBe('=not a formula');
    expect(range.getFormulas()[0]?.[1]).toBe('');
    expect(values?.slice(2, 7)).toEqual([123, 1234.5, true, false, 0.5]);
    expect(Object.prototype.toString.call(values?.[7])).toBe('[object Date]');
    expect(g.Utilities.formatDate(values?.[7] as Date, 'Europe/Rome', 'yyyy-MM-dd HH:mm')).toBe(
      '2024-03-05 00:00',
    );
    expect(values?.[8]).toBe('  plain  ');
    expect(range.getDisplayValues()[0]?.slice(6, 8)).toEqual(['50%', '2024-03-05']);
  });

  it('evaluates only literal and HYPERLINK formulas', () => {
    const { env, g } = setup();
    const sheet = activeSheet(g);
    sheet.getRange('A1:C1').setFormulas([['=HYPERLINK("https://example.com","Open")', '="x"', '=7']]);
    expect(sheet.getRange('A1:C1').getValues()).toEqual([['Open', 'x', 7]]);
    env.spreadsheet.seedFormula('Sheet1', 'D1', '=SUM(A2:A3)', 12);
    expect(sheet.getRange('D1').getValue()).toBe(12);
    expect(sheet.getRange('D1').getFormula()).toBe('=SUM(A2:A3)');
  });

  it('makes a leading + or - that is not a number a formula, as typing it does', () => {
    const { g } = setup();
    const sheet = activeSheet(g);
    sheet.getRange('A1:D1').setValues([['+39 333 1234567', '-5', "'+39 333 1234567", '- bullet']]);
    expect(sheet.getRange('A1:D1').getValues()).toEqual([['#ERROR!', -5, '+39 333 1234567', '#ERROR!']]);
    expect(sheet.getRange('A1').getFormula()).toBe('=+39 333 1234567');
  });

  it('stores text as typed in plain-text cells', () => {
    const { g } = setup();
    const range = activeSheet(g).getRange('A1:B1');
    range.setNumberFormat('@');
    range.setValues([['0123', '=1+1']]);
    expect(range.getValues()).toEqual([['0123', '=1+1']]);
    expect(range.getFormulas()).toEqual([['', '']]);
    expect(range.getNumberFormat()).toBe('@');
  });

  it('limits a cell to 50,000 characters', () => {
    const { g } = setup();
    const cell = activeSheet(g).getRange('A1');
    cell.setValue('x'.repeat(50_000));
    expect(String(cell.getValue()).length).toBe(50_000);
    expect(() => cell.setValue('x'.repeat(50_001))).toThrow(
      'Your input contains more than the maximum of 50000 characters in a single cell.',
    );
  });

  it('formats numbers for display per number format and locale', () => {
    const us = setup();
    const sheetUs = activeSheet(us.g);
    sheetUs.getRange('A1:D1').setValues([[1234.5, 0.256, 1234.5, 3]]);
    sheetUs.getRange('A1:D1').setNumberFormats([['#,##0.00', '0.0%', '"$"#,##0.00', '000']]);
    expect(sheetUs.getRange('A1:D1').getDisplayValues()).toEqual([['1,234.50', '25.6%', '$1,234.50', '003']]);
    expect(sheetUs.getRange('A1').getValue()).toBe(1234.5);
    const it_ = setup({ locale: 'it_IT' });
    const sheetIt = activeSheet(it_.g);
    sheetIt.getRange('A1:B1').setValues([[1234.5, '1.234,5']]);
    sheetIt.getRange('A1').setNumberFormat('#,##0.00');
    expect(sheetIt.getRange('A1:B1').getDisplayValues()).toEqual([['1.234,50', '1.234,50']]);
    expect(sheetIt.getRange('B1').getValue()).toBe(1234.5);
    // Day-first locales read 05/03/2024 as the 5th of March.
    sheetIt.getRange('C1').setValue('05/03/2024');
    expect(
      it_.g.Utilities.formatDate(sheetIt.getRange('C1').getValue() as Date, 'Europe/Rome', 'd MMMM'),
    ).toBe('5 March');
  });

  it('reads dates back as Dates for the wall time in the spreadsheet time zone', () => {
    for (const timeZone of [
      'Europe/Rome',
      'Asia/Kolkata',
      'Pacific/Kiritimati',
      'America/Los_Angeles',
      'UTC',
    ]) {
      const { g } = setup({ timeZone });
      const cell = activeSheet(g).getRange('A1');
      const instant = new Date(Date.UTC(2024, 2, 31, 0, 30, 15));
      cell.setValue(instant);
      const back = cell.getValue() as Date;
      expect(back.getTime(), timeZone).toBe(instant.getTime());
      expect(cell.getDisplayValue(), timeZone).toBe(
        g.Utilities.formatDate(instant, timeZone, 'M/d/yyyy H:mm:ss'),
      );
    }
  });

  it('stores a date-only value as that date in every time zone', () => {
    for (const timeZone of ['Asia/Kolkata', 'Pacific/Kiritimati', 'America/Los_Angeles']) {
      const { g } = setup({ timeZone });
      const cell = activeSheet(g).getRange('A1');
      cell.setValue('2024-12-31');
      const value = cell.getValue() as Date;
      expect(g.Utilities.formatDate(value, timeZone, 'yyyy-MM-dd HH:mm'), timeZone).toBe('2024-12-31 00:00');
      expect(cell.getDisplayValue()).toBe('2024-12-31');
    }
  });

  it('keeps the wall-clock time when the spreadsheet time zone changes', () => {
    const { g } = setup({ timeZone: 'Europe/Rome' });
    const ss = g.SpreadsheetApp.getActiveSpreadsheet();
    const cell = activeSheet(g).getRange('A1');
    cell.setValue(new Date(Date.UTC(2024, 6, 1, 7, 0)));
    expect(g.Utilities.formatDate(cell.getValue() as Date, 'Europe/Rome', 'HH:mm')).toBe('09:00');
    ss.setSpreadsheetTimeZone('Asia/Kolkata');
    expect(ss.getSpreadsheetTimeZone()).toBe('Asia/Kolkata');
    const moved = cell.getValue() as Date;
    expect(g.Utilities.formatDate(moved, 'Asia/Kolkata', 'HH:mm')).toBe('09:00');
    expect(moved.toISOString()).toBe('2024-07-01T03:30:00.000Z');
  });

  it('accepts Dates from another realm', () => {
    const { g } = setup({ timeZone: 'Asia/Kolkata' });
    const foreign = vm.runInNewContext('new Date(Date.UTC(2024, 0, 2, 3, 4, 5))') as Date;
    expect(foreign instanceof Date).toBe(false);
    const cell = activeSheet(g).getRange('A1');
    cell.setValue(foreign);
    expect((cell.getValue() as Date).getTime()).toBe(Date.UTC(2024, 0, 2, 3, 4, 5));
    expect(g.Utilities.formatDate(foreign, 'UTC', 'HH:mm:ss')).toBe('03:04:05');
  });

  it('round-trips any instant through a cell (property)', () => {
    const zones = [
      'Europe/Rome',
      'Asia/Kolkata',
      'Pacific/Kiritimati',
      'America/New_York',
      'Australia/Lord_Howe',
    ];
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1950-01-01T00:00:00Z'),
          max: new Date('2090-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.constantFrom(...zones),
        (date, timeZone) => {
          const { g } = setup({ timeZone });
          const cell = activeSheet(g).getRange('B2');
          cell.setValue(date);
          const back = cell.getValue() as Date;
          // The cell stores wall time, so the wall time always survives (DST overlaps may pick the other instant).
          const wall = "yyyy-MM-dd'T'HH:mm:ss.SSS";
          expect(g.Utilities.formatDate(back, timeZone, wall)).toBe(
            g.Utilities.formatDate(date, timeZone, wall),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('Data validation', () => {
  it('builds rules and reads them back', () => {
    const { g } = setup();
    const sheet = activeSheet(g);
    const rule = g.SpreadsheetApp.newDataValidation()
      .requireValueInList(['Open', 'Closed'], true)
      .setAllowInvalid(false)
      .setHelpText('Pick a status')
      .build();
    sheet.getRange('B2:B5').setDataValidation(rule);
    const back = sheet.getRange('B3').getDataValidation();
    expect(String(back?.getCriteriaType())).toBe('VALUE_IN_LIST');
    expect(back?.getCriteriaType()).toBe(g.SpreadsheetApp.DataValidationCriteria.VALUE_IN_LIST);
    expect(back?.getCriteriaValues()).toEqual([['Open', 'Closed'], true]);
    expect(back?.getAllowInvalid()).toBe(false);
    expect(back?.getHelpText()).toBe('Pick a status');
    expect(sheet.getRange('A1').getDataValidation()).toBeNull();
    expect(
      sheet
        .getRange('A2:B2')
        .getDataValidations()[0]
        ?.map((r) => r === null),
    ).toEqual([true, false]);
    const builder = g.SpreadsheetApp.newDataValidation().requireNumberGreaterThanOrEqualTo(0);
    expect(builder.getAllowInvalid()).toBe(true);
    expect(String(builder.build().getCriteriaType())).toBe('NUMBER_GREATER_THAN_OR_EQUAL_TO');
    expect(String(g.SpreadsheetApp.newDataValidation().requireDate().build().getCriteriaType())).toBe(
      'DATE_IS_VALID_DATE',
    );
    sheet.getRange('B2:B5').clearDataValidations();
    expect(sheet.getRange('B3').getDataValidation()).toBeNull();
  });

  it('rejects script writes that break a strict rule, and lets warning rules through', () => {
    const { g } = setup();
    const sheet = activeSheet(g);
    const strict = g.SpreadsheetApp.newDataValidation()
      .requireValueInList(['Open', 'Closed'])
      .setAllowInvalid(false);
    sheet.getRange('A2:A3').setDataValidation(strict.build());
    sheet.getRange('A2').setValue('Open');
    expect(() => sheet.getRange('A2:A3').setValues([['Closed'], ['Maybe']])).toThrow(
      'The data you entered in cell A3 violates the data validation rules set on this cell.',
    );
    expect(sheet.getRange('A2:A3').getValues()).toEqual([['Open'], ['']]);
    sheet.getRange('A2').clearContent();
    sheet.getRange('B2').setDataValidation(strict.setAllowInvalid(true).build());
    sheet.getRange('B2').setValue('Maybe');
    expect(sheet.getRange('B2').getValue()).toBe('Maybe');
    sheet
      .getRange('C2')
      .setDataValidation(
        g.SpreadsheetApp.newDataValidation().requireCheckbox().setAllowInvalid(false).build(),
      );
    sheet.getRange('C2').setValue(true);
    expect(() => sheet.getRange('C2').setValue('yes')).toThrow('violates the data validation rules');
    sheet
      .getRange('D2')
      .setDataValidation(
        g.SpreadsheetApp.newDataValidation()
          .requireNumberGreaterThanOrEqualTo(0)
          .setAllowInvalid(false)
          .build(),
      );
    expect(() => sheet.getRange('D2').setValue(-1)).toThrow('cell D2');
  });

  it('validates against a range and caps lists at 500 items', () => {
    const { g } = setup();
    const ss = g.SpreadsheetApp.getActiveSpreadsheet();
    const lists = ss.insertSheet('Lists');
    lists.getRange('A1:A2').setValues([['Rome'], ['Milan']]);
    const sheet = ss.getSheets()[0] as GoogleAppsScript.Spreadsheet.Sheet;
    const rule = g.SpreadsheetApp.newDataValidation()
      .requireValueInRange(lists.getRange('A1:A2'))
      .setAllowInvalid(false)
      .build();
    sheet.getRange('A1').setDataValidation(rule);
    sheet.getRange('A1').setValue('Milan');
    expect(() => sheet.getRange('A1').setValue('Turin')).toThrow('violates');
    expect(rule.getCriteriaValues()[0]).toBeDefined();
    expect(() =>
      g.SpreadsheetApp.newDataValidation().requireValueInList(Array.from({ length: 501 }, (_, i) => `v${i}`)),
    ).toThrow('The data validation rule has more items than the limit of 500.');
  });
});

describe('Protection', () => {
  it('protects ranges and sheets; other users cannot write once editors are restricted', () => {
    const { env, g } = setup({ user: 'owner@example.com' });
    env.spreadsheet.addCollaborator('clerk@example.com');
    const sheet = activeSheet(g);
    const protection = sheet.getRange('E:E').protect().setDescription('System columns');
    expect(protection.getDescription()).toBe('System columns');
    expect(String(protection.getProtectionType())).toBe('RANGE');
    expect(protection.getRange().getA1Notation()).toBe('E1:E1000');
    // Until editors change, they mirror the spreadsheet's: the clerk can still write.
    env.execute(() => activeSheet(g).getRange('E2').setValue('ok'), { user: 'clerk@example.com' });
    protection.removeEditors(protection.getEditors());
    expect(protection.getEditors().map((u) => u.getEmail())).toEqual(['owner@example.com']);
    expect(() =>
      env.execute(() => activeSheet(g).getRange('E2').setValue('nope'), { user: 'clerk@example.com' }),
    ).toThrow(
      'You are trying to edit a protected cell or object. Please contact the spreadsheet owner to remove protection if you need to edit.',
    );
    env.execute(() => activeSheet(g).getRange('D2').setValue('fine'), { user: 'clerk@example.com' });
    expect(env.execute(() => activeSheet(g).getRange('E2').canEdit(), { user: 'clerk@example.com' })).toBe(
      false,
    );
    sheet.getRange('E2').setValue('owner writes');
    protection.addEditor('clerk@example.com');
    env.execute(() => activeSheet(g).getRange('E3').setValue('now allowed'), { user: 'clerk@example.com' });
    protection.removeEditor('clerk@example.com').setWarningOnly(true);
    expect(protection.isWarningOnly()).toBe(true);
    env.execute(() => activeSheet(g).getRange('E4').setValue('warned'), { user: 'clerk@example.com' });
    expect(sheet.getProtections(g.SpreadsheetApp.ProtectionType.RANGE)).toHaveLength(1);
    expect(sheet.getProtections(g.SpreadsheetApp.ProtectionType.SHEET)).toHaveLength(0);
    const sheetProtection = sheet.protect();
    expect(sheet.protect().getDescription()).toBe(sheetProtection.getDescription());
    expect(
      g.SpreadsheetApp.getActiveSpreadsheet().getProtections(g.SpreadsheetApp.ProtectionType.SHEET),
    ).toHaveLength(1);
    protection.remove();
    expect(sheet.getProtections(g.SpreadsheetApp.ProtectionType.RANGE)).toHaveLength(0);
  });
});

describe('Ui', () => {
  it('records add-on menus, sidebars, dialogs, alerts and prompts', () => {
    const { env, g } = setup({ htmlFiles: { Sidebar: '<p>Hello</p>' } });
    const ui = g.SpreadsheetApp.getUi();
    ui.createAddonMenu()
      .addItem('Open register', 'showSidebar')
      .addSeparator()
      .addSubMenu(ui.createMenu('Admin').addItem('Set up sheets', 'setupSheets'))
      .addToUi();
    expect(env.ui.menus).toHaveLength(1);
    expect(env.ui.menus[0]?.addon).toBe(true);
    expect(env.ui.menuItems()).toEqual([
      { path: 'Backoffice Register > Open register', functionName: 'showSidebar' },
      { path: 'Backoffice Register > Admin > Set up sheets', functionName: 'setupSheets' },
    ]);
    ui.showSidebar(g.HtmlService.createHtmlOutputFromFile('Sidebar').setTitle('Register'));
    expect(env.ui.sidebars).toEqual([{ title: 'Register', html: '<p>Hello</p>' }]);
    ui.showModalDialog(g.HtmlService.createHtmlOutput('<b>x</b>').setWidth(400).setHeight(300), 'Confirm');
    expect(env.ui.dialogs[0]).toMatchObject({
      title: 'Confirm',
      html: '<b>x</b>',
      modal: true,
      width: 400,
      height: 300,
    });

    expect(ui.alert('Saved')).toBe(ui.Button.OK);
    env.ui.queueAlertResponse('NO');
    expect(ui.alert('Delete?', 'Really delete?', ui.ButtonSet.YES_NO)).toBe(ui.Button.NO);
    expect(ui.alert('Again?', ui.ButtonSet.YES_NO)).toBe(ui.Button.YES);
    expect(env.ui.alerts).toEqual([
      { prompt: 'Saved', buttons: 'OK' },
      { title: 'Delete?', prompt: 'Really delete?', buttons: 'YES_NO' },
      { prompt: 'Again?', buttons: 'YES_NO' },
    ]);
    env.ui.queuePromptResponse('Ada', 'OK');
    const answer = ui.prompt('Name?', ui.ButtonSet.OK_CANCEL);
    expect([answer.getResponseText(), answer.getSelectedButton()]).toEqual(['Ada', ui.Button.OK]);
    env.ui.queueAlertResponse('YES');
    expect(() => ui.alert('Only OK')).toThrow('has no YES button');
    g.SpreadsheetApp.getActiveSpreadsheet().toast('Done', 'Register', 3);
    expect(env.ui.toasts).toEqual([{ message: 'Done', title: 'Register', timeoutSeconds: 3 }]);
  });

  it('has no UI in a time-driven execution', () => {
    const { env, g } = setup();
    expect(() => env.execute(() => g.SpreadsheetApp.getUi(), { hasUi: false })).toThrow(
      'Cannot call SpreadsheetApp.getUi() from this context.',
    );
  });
});

describe('HtmlService', () => {
  it('fails clearly for a missing file and serves files by name', () => {
    const { g } = setup({ htmlFiles: { Sidebar: '<div>side</div>' } });
    expect(() => g.HtmlService.createHtmlOutputFromFile('Missing')).toThrow(
      'No HTML file named Missing was found.',
    );
    expect(g.HtmlService.createHtmlOutputFromFile('Sidebar.html').getContent()).toBe('<div>side</div>');
    const out = g.HtmlService.createHtmlOutput('<p>')
      .append('x</p>')
      .setTitle('T')
      .setSandboxMode(g.HtmlService.SandboxMode.IFRAME)
      .setXFrameOptionsMode(g.HtmlService.XFrameOptionsMode.ALLOWALL)
      .addMetaTag('viewport', 'width=device-width');
    expect([out.getContent(), out.getTitle(), out.getMetaTags()[0]?.getName()]).toEqual([
      '<p>x</p>',
      'T',
      'viewport',
    ]);
    expect(g.HtmlService.createHtmlOutput().appendUntrusted('<b>').getContent()).toBe('&lt;b&gt;');
  });

  it('evaluates printing scriptlets: escaped, unescaped, inside scripts and includes', () => {
    const { env, g } = setup({
      htmlFiles: {
        Page: "<h1><?= title ?></h1><div><?!= include('Css') ?></div><script>var data = <?= data ?>;</script><p><?= data.name ?></p>",
        Css: '<style>p{}</style>',
      },
    });
    env.globals.include = (name: string) => g.HtmlService.createHtmlOutputFromFile(name).getContent();
    const template = g.HtmlService.createTemplateFromFile('Page');
    template.title = '<Tom & "Jerry">';
    // Field names are the script's own, even ones that could clash with the emulator's internals.
    template.raw = 'unused';
    template.data = { name: "O'Neil</script>" };
    const html = template.evaluate().getContent();
    expect(html).toBe(
      '<h1>&lt;Tom &amp; &quot;Jerry&quot;&gt;</h1><div><style>p{}</style></div>' +
        '<script>var data = {"name":"O\'Neil\\u003c/script\\u003e"};</script><p>O&#39;Neil&lt;/script&gt;</p>',
    );
    expect(() => g.HtmlService.createTemplate('<? for (;;) {} ?>').evaluate()).toThrow('not emulated');
  });
});

describe('PropertiesService', () => {
  it('stores strings per store and returns copies', () => {
    const { env, g } = setup();
    const doc = g.PropertiesService.getDocumentProperties();
    doc.setProperty('count', 5 as unknown as string);
    expect(doc.getProperty('count')).toBe('5');
    expect(doc.getProperty('missing')).toBeNull();
    const copy = doc.getProperties();
    copy.count = '6';
    expect(doc.getProperty('count')).toBe('5');
    doc.setProperties({ a: '1', b: '2' });
    expect(doc.getKeys().sort()).toEqual(['a', 'b', 'count']);
    doc.setProperties({ z: '26' }, true);
    expect(doc.getProperties()).toEqual({ z: '26' });
    doc.deleteProperty('z');
    expect(doc.getKeys()).toEqual([]);
    g.PropertiesService.getUserProperties().setProperty('theme', 'dark');
    expect(
      env.execute(() => g.PropertiesService.getUserProperties().getProperty('theme'), {
        user: 'other@example.com',
      }),
    ).toBeNull();
    g.PropertiesService.getScriptProperties().setProperty('k', 'v');
    expect(
      env.execute(() => g.PropertiesService.getScriptProperties().getProperty('k'), {
        user: 'other@example.com',
      }),
    ).toBe('v');
    expect(env.properties.user().get('theme')).toBe('dark');
  });

  it('enforces 9 KB per value and 500 KB per store', () => {
    const { g } = setup();
    const props = g.PropertiesService.getScriptProperties();
    props.setProperty('max', 'x'.repeat(9 * 1024));
    expect(() => props.setProperty('over', 'x'.repeat(9 * 1024 + 1))).toThrow('Argument too large: value');
    // Bytes, not characters: 3,073 euro signs are 9,219 UTF-8 bytes.
    expect(() => props.setProperty('euro', '€'.repeat(3073))).toThrow('Argument too large: value');
    expect(props.getProperty('over')).toBeNull();
    props.deleteAllProperties();
    const chunk = 'y'.repeat(9000);
    for (let i = 0; i < 56; i++) props.setProperty(`k${String(i).padStart(2, '0')}`, chunk);
    expect(() => props.setProperty('k56', chunk)).toThrow(
      'You have exceeded the property storage quota. Please remove some properties and try again.',
    );
    expect(() => props.setProperties({ a: chunk, b: chunk })).toThrow('property storage quota');
    expect(props.getProperty('a')).toBeNull();
  });

  it('has no document properties without a document', () => {
    const { g } = setup({ standalone: true });
    expect(g.PropertiesService.getDocumentProperties()).toBeNull();
    expect(g.LockService.getDocumentLock()).toBeNull();
    expect(g.SpreadsheetApp.getActiveSpreadsheet()).toBeNull();
  });
});

describe('LockService', () => {
  it('times out waiting for a lock another execution holds; tryLock returns false', () => {
    const { env, g } = setup();
    env.execute(() => {
      const outer = g.LockService.getDocumentLock();
      outer.waitLock(10_000);
      expect(outer.hasLock()).toBe(true);
      const start = env.clock.now();
      env.execute(() => {
        const inner = g.LockService.getDocumentLock();
        expect(inner.tryLock(5_000)).toBe(false);
        expect(inner.hasLock()).toBe(false);
        expect(() => inner.waitLock(30_000)).toThrow(
          'Lock timeout: another process was holding the lock for too long.',
        );
      });
      expect(env.clock.now() - start).toBe(35_000);
      // The script lock is a different lock.
      env.execute(() => expect(g.LockService.getScriptLock().tryLock(0)).toBe(true));
      outer.releaseLock();
      expect(outer.hasLock()).toBe(false);
      env.execute(() => expect(g.LockService.getDocumentLock().tryLock(0)).toBe(true));
    });
  });

  it('releases locks when the execution ends and caps waits at 300000 ms', () => {
    const { env, g } = setup();
    env.execute(() => g.LockService.getScriptLock().waitLock(1000));
    env.execute(() => expect(g.LockService.getScriptLock().tryLock(0)).toBe(true));
    expect(() => env.execute(() => g.LockService.getScriptLock().tryLock(300_001))).toThrow(
      'Invalid argument',
    );
    const lock = g.LockService.getUserLock();
    lock.waitLock(300_000);
    expect(lock.tryLock(1)).toBe(true);
    lock.releaseLock();
    lock.releaseLock();
  });
});

describe('ScriptApp triggers', () => {
  it('limits add-on time-driven triggers to hourly and one of each type per document', () => {
    const { env, g } = setup();
    const ss = g.SpreadsheetApp.getActiveSpreadsheet();
    expect(() => g.ScriptApp.newTrigger('chase').timeBased().everyMinutes(5).create()).toThrow(
      'at most once per hour',
    );
    const hourly = g.ScriptApp.newTrigger('chase').timeBased().everyHours(1).create();
    expect(hourly.getHandlerFunction()).toBe('chase');
    expect(hourly.getEventType()).toBe(g.ScriptApp.EventType.CLOCK);
    expect(String(hourly.getTriggerSource())).toBe('CLOCK');
    expect(() => g.ScriptApp.newTrigger('other').timeBased().everyDays(1).atHour(9).create()).toThrow(
      'one trigger of each type',
    );
    const onEdit = g.ScriptApp.newTrigger('edited').forSpreadsheet(ss).onEdit().create();
    expect(onEdit.getTriggerSourceId()).toBe(ss.getId());
    expect(() => g.ScriptApp.newTrigger('x').forSpreadsheet('someOtherId').onOpen().create()).toThrow(
      'Add-ons can only create triggers for the file in which the add-on is used.',
    );
    expect(g.ScriptApp.getProjectTriggers().map((t) => t.getHandlerFunction())).toEqual(['chase', 'edited']);
    expect(g.ScriptApp.getUserTriggers(ss)).toHaveLength(2);
    // Another user has their own triggers.
    env.execute(() => g.ScriptApp.newTrigger('chase').timeBased().everyHours(2).create(), {
      user: 'clerk@example.com',
    });
    expect(env.triggers).toHaveLength(3);
    g.ScriptApp.deleteTrigger(hourly);
    expect(g.ScriptApp.getProjectTriggers()).toHaveLength(1);
    expect(() => g.ScriptApp.newTrigger('chase').timeBased().everyMinutes(7)).toThrow('1, 5, 10, 15 or 30');
  });

  it('allows 20 triggers per user per script', () => {
    const { g } = setup({ addOn: false });
    for (let i = 0; i < 20; i++) g.ScriptApp.newTrigger(`f${i}`).timeBased().everyMinutes(30).create();
    expect(() => g.ScriptApp.newTrigger('f20').timeBased().everyHours(1).create()).toThrow(
      'This script has too many triggers. Triggers must be deleted from the script before more can be added.',
    );
  });

  it('fires due time-driven triggers on the fake clock, without UI or active document in an add-on', () => {
    const start = Date.UTC(2025, 0, 6, 8, 10);
    const { env, g } = setup({ now: start, timeZone: 'Europe/Rome' });
    g.ScriptApp.newTrigger('chase').timeBased().everyHours(1).create();
    const seen: {
      handler: string;
      at: number;
      event: Record<string, unknown>;
      doc: unknown;
      email: string;
    }[] = [];
    const fired = env.runDueTriggers(start + 3 * 3_600_000 + 1, (handler, event) => {
      seen.push({
        handler,
        at: env.clock.now(),
        event: event as Record<string, unknown>,
        doc: g.SpreadsheetApp.getActiveSpreadsheet(),
        email: g.Session.getActiveUser().getEmail(),
      });
      expect(() => g.SpreadsheetApp.getUi()).toThrow('from this context');
      // An add-on's trigger reaches the file by ID.
      g.SpreadsheetApp.openById(env.spreadsheet.getId()).getSheets();
    });
    expect(fired.map((f) => f.at - start)).toEqual([3_600_000, 7_200_000, 10_800_000]);
    expect(fired.every((f) => f.error === undefined)).toBe(true);
    expect(seen[0]?.event).toMatchObject({
      authMode: g.ScriptApp.AuthMode.FULL,
      hour: 9,
      minute: 10,
      timezone: 'UTC',
    });
    expect(seen[0]?.doc).toBeNull();
    expect(seen[0]?.email).toBe('owner@example.com');
    expect(env.clock.now()).toBe(start + 3 * 3_600_000 + 1);
  });

  it('schedules daily triggers at the hour in the trigger time zone and reports handler errors', () => {
    const start = Date.UTC(2025, 0, 6, 8, 0);
    const { env, g } = setup({ now: start, addOn: false });
    g.ScriptApp.newTrigger('daily').timeBased().everyDays(1).atHour(6).inTimezone('Asia/Kolkata').create();
    const fired = env.runDueTriggers(start + 2 * 86_400_000, () => {
      throw new Error('boom');
    });
    expect(
      fired.map((f) => g.Utilities.formatDate(new Date(f.at), 'Asia/Kolkata', 'yyyy-MM-dd HH:mm')),
    ).toEqual(['2025-01-07 06:00', '2025-01-08 06:00']);
    expect((fired[0]?.error as Error).message).toBe('boom');
    expect(env.triggers).toHaveLength(1);
    g.ScriptApp.newTrigger('once').timeBased().after(60_000).create();
    expect(env.runDueTriggers(env.clock.now() + 10 * 60_000, () => {}).map((f) => f.handler)).toEqual([
      'once',
    ]);
    expect(env.runDueTriggers(env.clock.now() + 10 * 60_000, () => {})).toEqual([]);
  });
});

describe('Session', () => {
  it('reports the user, time zone and locale', () => {
    const { env, g } = setup({ timeZone: 'Asia/Kolkata', locale: 'it_IT', user: 'ada@example.com' });
    expect(g.Session.getActiveUser().getEmail()).toBe('ada@example.com');
    expect(g.Session.getEffectiveUser().getEmail()).toBe('ada@example.com');
    expect(g.Session.getScriptTimeZone()).toBe('Asia/Kolkata');
    expect(g.Session.getActiveUserLocale()).toBe('it');
    expect(g.Session.getTemporaryActiveUserKey()).toBe(g.Session.getTemporaryActiveUserKey());
    expect(env.execute(() => g.Session.getActiveUser().getEmail(), { authMode: 'LIMITED' })).toBe('');
  });
});

describe('Utilities', () => {
  it('formats dates with SimpleDateFormat patterns in any time zone', () => {
    const { g } = setup();
    const d = new Date(Date.UTC(2024, 0, 5, 14, 7, 9, 45));
    expect(g.Utilities.formatDate(d, 'Europe/Rome', 'yyyy-MM-dd HH:mm:ss.SSS')).toBe(
      '2024-01-05 15:07:09.045',
    );
    expect(g.Utilities.formatDate(d, 'Asia/Kolkata', 'yy M d H h mm a')).toBe('24 1 5 19 7 37 PM');
    expect(g.Utilities.formatDate(d, 'Pacific/Kiritimati', 'EEE EEEE MMM MMMM dd')).toBe(
      'Sat Saturday Jan January 06',
    );
    expect(g.Utilities.formatDate(d, 'Asia/Kolkata', 'Z XXX')).toBe('+0530 +05:30');
    expect(g.Utilities.formatDate(d, 'UTC', "XXX 'at' HH 'o''clock'")).toBe("Z at 14 o'clock");
    expect(g.Utilities.formatDate(d, 'Europe/Rome', 'z')).toBe('CET');
    expect(g.Utilities.formatDate(d, 'Not/AZone', 'HH:mm')).toBe('14:07');
    expect(() => g.Utilities.formatDate(d, 'UTC', 'yyyy-qq')).toThrow("Illegal pattern character 'q'");
    expect(() => g.Utilities.formatDate('2024-01-01' as unknown as Date, 'UTC', 'yyyy')).toThrow(
      "The parameters (String,String,String) don't match the method signature for Utilities.formatDate.",
    );
  });

  it('encodes base64, blobs, UUIDs and digests', () => {
    const { g } = setup();
    expect(g.Utilities.base64Encode('héllo?')).toBe('aMOpbGxvPw==');
    expect(g.Utilities.base64EncodeWebSafe('héllo?')).toBe('aMOpbGxvPw==');
    expect(g.Utilities.base64EncodeWebSafe([-1, -2, -3])).toBe('__79');
    expect(g.Utilities.base64Decode('aMOpbGxvPw==')).toEqual([104, -61, -87, 108, 108, 111, 63]);
    expect(g.Utilities.base64DecodeWebSafe('__79')).toEqual([-1, -2, -3]);
    const blob = g.Utilities.newBlob(g.Utilities.base64Decode('aMOpbGxvPw=='), 'text/plain', 'a.txt');
    expect([blob.getDataAsString(), blob.getContentType(), blob.getName()]).toEqual([
      'héllo?',
      'text/plain',
      'a.txt',
    ]);
    expect(blob.setName('b.txt').getName()).toBe('b.txt');
    expect(g.Utilities.newBlob('abc').getBytes()).toEqual([97, 98, 99]);
    expect(g.Utilities.getUuid()).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(g.Utilities.getUuid()).not.toBe(g.Utilities.getUuid());
    const digest = g.Utilities.computeDigest(g.Utilities.DigestAlgorithm.SHA_256, 'abc');
    expect(Buffer.from(digest.map((b) => b & 0xff)).toString('hex')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(g.Utilities.formatString('%s has %d rows (%.1f%%)', 'Sheet', 12, 99.5)).toBe(
      'Sheet has 12 rows (99.5%)',
    );
  });

  it('sleeps on the fake clock', () => {
    const { env, g } = setup();
    const before = env.clock.now();
    g.Utilities.sleep(2500);
    expect(env.clock.now() - before).toBe(2500);
    expect(() => g.Utilities.sleep(300_001)).toThrow();
  });
});

describe('Logger and console', () => {
  it('collects log lines with the fake time', () => {
    const { env, g } = setup({ timeZone: 'UTC', now: Date.UTC(2025, 0, 6, 8, 0, 0, 5) });
    g.Logger.log('Saved %s rows in %s', 3, 'Suppliers');
    g.Logger.log({ id: 'SUP-0001' });
    const log = env.globals.console as Console;
    log.warn('careful', 42);
    log.error(new Error('bad').message);
    expect(env.logs.map((l) => [l.source, l.level, l.message])).toEqual([
      ['Logger', 'info', 'Saved 3 rows in Suppliers'],
      ['Logger', 'info', '{"id":"SUP-0001"}'],
      ['console', 'warn', 'careful 42'],
      ['console', 'error', 'bad'],
    ]);
    expect(g.Logger.getLog()).toBe(
      '[25-01-06 08:00:00:005 UTC] Saved 3 rows in Suppliers\n[25-01-06 08:00:00:005 UTC] {"id":"SUP-0001"}\n',
    );
    g.Logger.clear();
    expect(g.Logger.getLog()).toBe('');
    expect(env.calls.count('Logger.log')).toBe(2);
  });
});

describe('MailApp', () => {
  it('sends in every documented form and records the messages', () => {
    const { env, g } = setup();
    g.MailApp.sendEmail('a@example.com', 'Hi', 'Body');
    g.MailApp.sendEmail('b@example.com', 'Hi', 'Body', {
      cc: 'c@example.com, d@example.com',
      bcc: 'e@example.com',
      htmlBody: '<b>Body</b>',
      replyTo: 'office@example.com',
      name: 'Back office',
      noReply: true,
    });
    g.MailApp.sendEmail({ to: '"Last, First" <f@example.com>', subject: 'Obj', body: 'B' });
    g.MailApp.sendEmail('g@example.com', 'reply@example.com', 'Four', 'Args');
    expect(env.mail.map((m) => [m.to, m.cc, m.bcc, m.subject])).toEqual([
      [['a@example.com'], [], [], 'Hi'],
      [['b@example.com'], ['c@example.com', 'd@example.com'], ['e@example.com'], 'Hi'],
      [['f@example.com'], [], [], 'Obj'],
      [['g@example.com'], [], [], 'Four'],
    ]);
    expect(env.mail[1]).toMatchObject({
      via: 'MailApp',
      from: 'owner@example.com',
      htmlBody: '<b>Body</b>',
      replyTo: 'office@example.com',
      name: 'Back office',
      noReply: true,
    });
    expect(env.mail[3]?.replyTo).toBe('reply@example.com');
    expect(g.MailApp.getRemainingDailyQuota()).toBe(100 - 7);
    expect(() => g.MailApp.sendEmail('not an address', 's', 'b')).toThrow('Invalid email: not an address');
    expect(() => g.MailApp.sendEmail({ subject: 's', body: 'b' })).toThrow(
      'Failed to send email: no recipient',
    );
  });

  it('counts To, Cc and Bcc against the daily quota and caps a message at 50 recipients', () => {
    const { env, g } = setup({ mailQuota: 5 });
    const many = Array.from({ length: 51 }, (_, i) => `p${i}@example.com`).join(',');
    expect(() => g.MailApp.sendEmail(many, 's', 'b')).toThrow(
      'Limit Exceeded: Email Recipients Per Message.',
    );
    g.MailApp.sendEmail('a@example.com', 's', 'b', { cc: 'b@example.com', bcc: 'c@example.com' });
    expect(g.MailApp.getRemainingDailyQuota()).toBe(2);
    expect(() =>
      g.MailApp.sendEmail('a@example.com', 's', 'b', { cc: 'b@example.com,c@example.com' }),
    ).toThrow('Service invoked too many times for one day: email.');
    expect(env.mail).toHaveLength(1);
    g.MailApp.sendEmail('a@example.com', 's', 'b', { bcc: 'b@example.com' });
    expect(g.MailApp.getRemainingDailyQuota()).toBe(0);
    // "reset 24 hours after the first request"
    env.clock.advance(24 * 3_600_000);
    expect(g.MailApp.getRemainingDailyQuota()).toBe(5);
  });
});

describe('Gmail advanced service', () => {
  const multipart = (subject: string, extra = ''): string =>
    [
      'From: "Back office" <owner@example.com>',
      'To: "Rossi, Mario" <mario@example.com>, anna@example.com',
      'Cc: boss@example.com',
      'Bcc: archive@example.com',
      `Subject: ${subject}`,
      extra,
      'MIME-Version: 1.0',
      'Content-Type: multipart/alternative; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=UTF-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'Caff=C3=A8 alle 10? Gra=',
      'zie.',
      '--b1',
      'Content-Type: text/html; charset=UTF-8',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('<p>Caffè alle 10?</p>').toString('base64'),
      '--b1--',
      '',
    ]
      .filter((line, i) => line !== '' || i > 5)
      .join('\r\n');

  it('parses a raw RFC 822 message into env.mail and charges the shared quota', () => {
    const { env, g } = setup({ mailQuota: 10 });
    const subject = '=?UTF-8?B?' + Buffer.from('Ordine n° 42 – conferma').toString('base64') + '?=';
    const sent = g.Gmail.Users.Messages.send({ raw: base64url(multipart(subject)) }, 'me');
    expect(sent.labelIds).toEqual(['SENT']);
    expect(sent.threadId).toBe(sent.id);
    const mail = env.mail[0];
    expect(mail).toMatchObject({
      via: 'Gmail',
      from: 'owner@example.com',
      name: 'Back office',
      to: ['mario@example.com', 'anna@example.com'],
      cc: ['boss@example.com'],
      bcc: ['archive@example.com'],
      subject: 'Ordine n° 42 – conferma',
      body: 'Caffè alle 10? Grazie.',
      htmlBody: '<p>Caffè alle 10?</p>',
      messageId: sent.id,
      threadId: sent.threadId,
    });
    expect(g.MailApp.getRemainingDailyQuota()).toBe(6);
    expect(env.calls.count('Gmail.Users.Messages.send')).toBe(1);
  });

  it('threads replies that reference the thread, and rejects unknown threads', () => {
    const { env, g } = setup();
    const first = g.Gmail.Users.Messages.send({ raw: base64url(multipart('Invoice 7')) }, 'me');
    const header = g.Gmail.Users.Messages.get('me', first.id as string, {
      format: 'metadata',
      metadataHeaders: ['Message-ID'],
    });
    const messageId = header.payload?.headers?.find((h) => h.name === 'Message-ID')?.value as string;
    expect(messageId).toMatch(/^<.+>$/);
    const reply = g.Gmail.Users.Messages.send(
      {
        raw: base64url(multipart('Re: Invoice 7', `In-Reply-To: ${messageId}\r\nReferences: ${messageId}`)),
        threadId: first.threadId,
      },
      'me',
    );
    expect(reply.threadId).toBe(first.threadId);
    expect(env.mail[1]?.inReplyTo).toBe(messageId);
    // Without References/In-Reply-To the Gmail threading rules start a new thread.
    const loose = g.Gmail.Users.Messages.send(
      { raw: base64url(multipart('Invoice 7')), threadId: first.threadId },
      'me',
    );
    expect(loose.threadId).not.toBe(first.threadId);
    expect(g.Gmail.Users.Threads.get('me', first.threadId as string).messages).toHaveLength(2);
    expect(() =>
      g.Gmail.Users.Messages.send({ raw: base64url(multipart('x')), threadId: 'deadbeef' }, 'me'),
    ).toThrow('API call to gmail.users.messages.send failed with error: Invalid thread_id value');
    expect(() => g.Gmail.Users.Messages.send({}, 'me')).toThrow("'raw' RFC822 payload message string");
    expect(() => g.Gmail.Users.Messages.get('me', 'nope')).toThrow('Requested entity was not found.');
  });
});

describe('Authorization modes', () => {
  it('AuthMode.NONE builds menus but cannot touch the document, properties or mail', () => {
    const { env, g } = setup();
    env.execute(
      () => {
        g.SpreadsheetApp.getUi().createAddonMenu().addItem('Start', 'start').addToUi();
        expect(g.HtmlService.createHtmlOutput('x').getContent()).toBe('x');
        expect(g.Utilities.formatDate(new Date(0), 'UTC', 'yyyy')).toBe('1970');
        expect(() => g.SpreadsheetApp.getActiveSpreadsheet()).toThrow(
          'You do not have permission to call SpreadsheetApp.getActiveSpreadsheet. Required permissions: https://www.googleapis.com/auth/spreadsheets.currentonly',
        );
        expect(() => g.PropertiesService.getDocumentProperties()).toThrow(
          'You do not have permission to call PropertiesService.getDocumentProperties.',
        );
        expect(() => g.MailApp.sendEmail('a@example.com', 's', 'b')).toThrow(
          'You do not have permission to call MailApp.sendEmail. Required permissions: https://www.googleapis.com/auth/script.send_mail',
        );
        expect(g.Session.getActiveUser().getEmail()).toBe('');
      },
      { authMode: 'NONE' },
    );
    expect(env.ui.menus[0]?.entries).toEqual([{ kind: 'item', caption: 'Start', functionName: 'start' }]);
    expect(env.mail).toHaveLength(0);
  });

  it('AuthMode.LIMITED reaches the bound document and properties but not mail or triggers', () => {
    const { env, g } = setup();
    env.execute(
      () => {
        activeSheet(g).getRange('A1').setValue('ok');
        g.PropertiesService.getDocumentProperties().setProperty('k', 'v');
        expect(() => g.MailApp.sendEmail('a@example.com', 's', 'b')).toThrow(
          'You do not have permission to call MailApp.sendEmail',
        );
        expect(() => g.ScriptApp.newTrigger('f')).toThrow(
          'You do not have permission to call ScriptApp.newTrigger',
        );
        expect(() => g.Gmail.Users.Messages.send({ raw: 'eA' }, 'me')).toThrow('You do not have permission');
      },
      { authMode: 'LIMITED' },
    );
    expect(env.spreadsheet.read('Sheet1')).toEqual([['ok']]);
    expect(env.openEvent('NONE')).toMatchObject({ authMode: g.ScriptApp.AuthMode.NONE });
  });
});

describe('Execution time limit', () => {
  it('throws after six minutes of fake time in one execution', () => {
    const { env, g } = setup({ msPerCall: 1000 });
    let calls = 0;
    expect(() =>
      env.execute(() => {
        for (;;) {
          g.Session.getScriptTimeZone();
          calls++;
        }
      }),
    ).toThrow('Exceeded maximum execution time');
    expect(calls).toBe(360);
    // A new execution has a new budget.
    expect(env.execute(() => g.Session.getScriptTimeZone())).toBe('Europe/Rome');
  });

  it('counts sleeps and lock waits, and gives simple triggers 30 seconds', () => {
    const { env, g } = setup();
    expect(() =>
      env.execute(() => {
        g.Utilities.sleep(300_000);
        g.Utilities.sleep(60_000);
      }),
    ).toThrow('Exceeded maximum execution time');
    expect(() =>
      env.execute(
        () => {
          g.Utilities.sleep(30_000);
          g.SpreadsheetApp.getActiveSpreadsheet();
        },
        { authMode: 'LIMITED' },
      ),
    ).toThrow('Exceeded maximum execution time');
  });
});

describe('Call counting', () => {
  it('counts every service call once, builders included, and never internal calls', () => {
    const { env, g } = setup();
    const ss = g.SpreadsheetApp.getActiveSpreadsheet();
    ss.getRange('Sheet1!A1:B2').setValues([
      [1, 2],
      [3, 4],
    ]);
    g.SpreadsheetApp.newDataValidation().requireCheckbox().build();
    g.ScriptApp.newTrigger('f').timeBased().everyHours(1).create();
    g.SpreadsheetApp.flush();
    expect(env.calls.byName()).toEqual({
      'ClockTriggerBuilder.create': 1,
      'ClockTriggerBuilder.everyHours': 1,
      'DataValidationBuilder.build': 1,
      'DataValidationBuilder.requireCheckbox': 1,
      'Range.setValues': 1,
      'ScriptApp.newTrigger': 1,
      'Spreadsheet.getRange': 1,
      'SpreadsheetApp.flush': 1,
      'SpreadsheetApp.getActiveSpreadsheet': 1,
      'SpreadsheetApp.newDataValidation': 1,
      'TriggerBuilder.timeBased': 1,
    });
    expect(env.calls.count()).toBe(11);
    expect(env.calls.count('Range.*')).toBe(1);
    expect(env.calls.sequence().slice(0, 3)).toEqual([
      'SpreadsheetApp.getActiveSpreadsheet',
      'Spreadsheet.getRange',
      'Range.setValues',
    ]);
    env.calls.reset();
    expect(env.calls.count()).toBe(0);
    expect(env.spreadsheet.read('Sheet1')).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(env.calls.count()).toBe(0);
  });
});

describe('A bare node:vm context', () => {
  it('runs a script against the globals alone', () => {
    const { env } = setup({ htmlFiles: { Sidebar: '<p><?= who ?></p>' } });
    const context = vm.createContext(env.globals);
    env.bindContext(context);
    vm.runInContext(
      `
      function onOpen(e) {
        SpreadsheetApp.getUi().createAddonMenu().addItem('Open', 'showSidebar').addToUi();
      }
      function showSidebar() {
        var t = HtmlService.createTemplateFromFile('Sidebar');
        t.who = 'vm';
        SpreadsheetApp.getUi().showSidebar(t.evaluate().setTitle('Register'));
      }
      function save() {
        var sheet = SpreadsheetApp.getActiveSpreadsheet().insertSheet('Log');
        sheet.appendRow(['When', 'What']);
        sheet.appendRow([new Date(), 'saved']);
        var read = sheet.getDataRange().getValues();
        return { isDate: read[1][0] instanceof Date, sameTime: read[1][0].getTime() === Date.now(), rows: read.length,
                 hasRequire: typeof require, hasProcess: typeof process };
      }
      `,
      context,
    );
    const run = (name: string, ...args: unknown[]): unknown =>
      env.execute(() => (context[name] as (...a: unknown[]) => unknown)(...args));
    env.execute(() => (context.onOpen as (e: object) => void)(env.openEvent('NONE')), { authMode: 'NONE' });
    for (const item of env.ui.menuItems()) run(item.functionName);
    expect(env.ui.sidebars).toEqual([{ title: 'Register', html: '<p>vm</p>' }]);
    expect(run('save')).toEqual({
      isDate: true,
      sameTime: true,
      rows: 2,
      hasRequire: 'undefined',
      hasProcess: 'undefined',
    });
    expect(vm.runInContext('new Date().getTime()', context)).toBe(env.clock.now());
  });
});

describe('manifest scopes', () => {
  it('refuses a call whose scope the manifest does not list, and lets spreadsheets cover currentonly', () => {
    const narrow = createGasEnvironment({
      oauthScopes: ['https://www.googleapis.com/auth/spreadsheets.currentonly'],
    });
    const app = narrow.globals.SpreadsheetApp as GoogleAppsScript.Spreadsheet.SpreadsheetApp;
    const id = narrow.spreadsheet.getId();
    expect(() => narrow.execute(() => app.getActiveSpreadsheet().getName())).not.toThrow();
    expect(() => narrow.execute(() => app.openById(id))).toThrow(
      'You do not have permission to call SpreadsheetApp.openById. Required permissions: https://www.googleapis.com/auth/spreadsheets',
    );
    const wide = createGasEnvironment({ oauthScopes: ['https://www.googleapis.com/auth/spreadsheets'] });
    const wideApp = wide.globals.SpreadsheetApp as GoogleAppsScript.Spreadsheet.SpreadsheetApp;
    expect(wide.execute(() => wideApp.openById(wide.spreadsheet.getId()).getName())).toBe(
      wide.execute(() => wideApp.getActiveSpreadsheet().getName()),
    );
    const mail = narrow.globals.MailApp as GoogleAppsScript.Mail.MailApp;
    expect(() => narrow.execute(() => mail.getRemainingDailyQuota())).toThrow(/script\.send_mail/);
  });
});
