import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { MENU_ITEMS } from '../../addon/gas/menu';
import { RPC_METHODS } from '../../src/service/rpc';
import { loadBundle } from './bundle-harness';

const menuFunctions = MENU_ITEMS.flatMap((m) => (m ? [m.functionName] : []));

describe('the built Apps Script bundle', () => {
  it('declares every entry point as a top-level function, in a context with no Node or browser globals', () => {
    const { context } = loadBundle();
    for (const name of ['onOpen', 'onInstall', 'rpc', ...menuFunctions]) {
      expect(typeof (context as Record<string, unknown>)[name], name).toBe('function');
      // A function declaration, not a property someone assigned: what Apps Script lists and calls.
      expect(vm.runInContext(`typeof ${name} === 'function' && ${name}.name`, context)).toBe(name);
    }
    for (const missing of [
      'require',
      'process',
      'setTimeout',
      'window',
      'fetch',
      'module',
      'globalThis.Buffer',
    ])
      expect(vm.runInContext(`typeof ${missing}`, context), missing).toBe('undefined');
  });

  it('builds the add-on menu in AuthMode.NONE without touching any service that needs authorization', () => {
    const gas = loadBundle();
    gas.run('onOpen', [gas.env.openEvent('NONE')], { authMode: 'NONE' });
    const items = gas.env.ui.menuItems();
    expect(items.map((i) => i.path)).toEqual(
      MENU_ITEMS.flatMap((m) => (m ? [`Backoffice Register > ${m.caption}`] : [])),
    );
    expect(items.map((i) => i.functionName)).toEqual(menuFunctions);
    const calls = gas.env.calls.byName();
    expect(
      Object.keys(calls).every((k) => /^(SpreadsheetApp\.getUi|Ui\.createAddonMenu|Menu\.)/.test(k)),
      JSON.stringify(calls),
    ).toBe(true);
  });

  it('onInstall builds the same menu', () => {
    const gas = loadBundle();
    gas.run('onInstall', [gas.env.installEvent()]);
    expect(gas.env.ui.menuItems().map((i) => i.functionName)).toEqual(menuFunctions);
  });

  it('runs every menu action', () => {
    const gas = loadBundle();
    for (const name of menuFunctions) gas.run(name);
    const sidebars = gas.env.ui.sidebars;
    expect(sidebars.length).toBe(3);
    expect(sidebars.every((s) => s.title === 'Backoffice Register')).toBe(true);
    expect(sidebars[1]!.html).toContain('data-view="new"');
    expect(sidebars[2]!.html).toContain('data-view="merge"');
    const alerts = gas.env.ui.alerts.map((a) => `${a.title}: ${a.prompt}`);
    // Build summaries runs before Set up register here: it says the register is not there yet.
    expect(alerts.find((a) => a.startsWith('Build summaries'))).toContain('This workbook has no Setup sheet');
    // Run chases now also runs before Set up register; Settings after it offers daily chases.
    expect(alerts.find((a) => a.startsWith('Run chases now'))).toContain('This workbook has no Setup sheet');
    expect(alerts).toContainEqual(expect.stringMatching(/^Daily chases: Chases do not run by themselves/));
    expect(alerts.some((a) => a.includes('not available yet'))).toBe(false);
    // Set up register on an empty spreadsheet wrote the starter register.
    expect(alerts.find((a) => a.startsWith('Set up register'))).toContain('Suppliers: created');
    expect(gas.env.spreadsheet.getSheetByName('Purchase Orders')).not.toBeNull();
  });

  it('answers every RPC method with JSON, and an unknown one with a typed error, never a stack trace', () => {
    const gas = loadBundle();
    expect(gas.rpc('setupRegister', { sample: true }).ok).toBe(true);
    const requests: Record<string, unknown> = {
      schema: {},
      listRecords: { table: 'Suppliers' },
      getRecord: { table: 'Suppliers', id: 'SUP-0001' },
      createRecord: { table: 'Customers', values: { Name: 'Vm Co' } },
      updateRecord: { table: 'Customers', id: 'CUS-0001', version: 1, values: { Phone: '+39 06 5550 1234' } },
      setupRegister: {},
      validateRegister: {},
      selectRecord: { table: 'Suppliers', id: 'SUP-0002' },
      selectedRecord: {},
      mergePreview: { template: 'Purchase order confirmation', ids: ['PO-0001'] },
      mergeTestSend: { template: 'Purchase order confirmation', id: 'PO-0001' },
      mergeSend: { template: 'Purchase order confirmation', ids: ['PO-0001'] },
      mergeContinue: { template: 'Purchase order confirmation' },
      mergeStatus: {},
      recordCorrespondence: { id: 'PO-0001' },
      mergeResolve: { key: 'Purchase order confirmation | PO-0001', state: 'SENT' },
      chasePlan: {},
      chaseRun: {},
      chasePause: { table: 'Purchase Orders', id: 'PO-0001', paused: true },
      chaseRecord: { table: 'Purchase Orders', id: 'PO-0001' },
      chaseSchedule: { enabled: true },
      chaseScheduleStatus: {},
    };
    // Only a mail held in SENDING can be resolved: hold the one just sent, as a crash would.
    const before: Record<string, () => void> = {
      mergeResolve: () =>
        gas.env.execute(() => {
          const sheet = gas.env.spreadsheet.getSheetByName('Correspondence')!;
          const header = sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0]!.map(String);
          const keys = sheet
            .getRange(1, header.indexOf('Key') + 1, sheet.getLastRow(), 1)
            .getValues()
            .map((r) => String(r[0]));
          sheet
            .getRange(keys.indexOf('Purchase order confirmation | PO-0001') + 1, header.indexOf('State') + 1)
            .setValue('SENDING');
        }),
    };
    for (const method of RPC_METHODS) {
      before[method]?.();
      const reply = gas.rpc(method, requests[method] ?? {});
      expect(reply.ok, `${method}: ${JSON.stringify(reply.error)}`).toBe(true);
    }
    const unknown = gas.rpc('dropEverything', {});
    expect(unknown).toEqual({
      ok: false,
      error: { code: 'usage', message: 'Unknown request "dropEverything"', problems: [] },
    });
    const broken = JSON.parse(gas.run<string>('rpc', ['createRecord', '{not json']));
    expect(broken.error.code).toBe('usage');
  });

  it("goes to a record's row, and opens the sidebar on the record under the cursor", () => {
    const gas = loadBundle();
    gas.rpc('setupRegister', { sample: true });
    const go = gas.rpc('selectRecord', { table: 'Purchase Orders', id: 'PO-0007' });
    expect(go.value).toEqual({ sheet: 'Purchase Orders', row: 8 });
    const active = gas.env.execute(() => {
      const range = gas.env.spreadsheet.getActiveRange()!;
      return { sheet: range.getSheet().getName(), row: range.getRow() };
    });
    expect(active).toEqual({ sheet: 'Purchase Orders', row: 8 });
    expect(gas.rpc('selectedRecord', {}).value).toEqual({ table: 'Purchase Orders', id: 'PO-0007' });
    expect((gas.rpc('schema', {}).value as { capabilities: string[] }).capabilities).toContain('navigation');
    gas.run('menuOpenSidebar');
    expect(gas.env.ui.sidebars.at(-1)!.html).toContain(
      'data-view="record" data-table="Purchase Orders" data-id="PO-0007"',
    );
    // On the header row, or on a sheet that is not a table, the list opens.
    gas.env.execute(() => gas.env.spreadsheet.getSheetByName('Setup')!.getRange('B3').activate());
    expect(gas.rpc('selectedRecord', {}).value).toBeNull();
    gas.run('menuOpenSidebar');
    expect(gas.env.ui.sidebars.at(-1)!.html).toContain('data-view="list"');
  });

  it('grows with Setup: a table and fields staff add there become a sheet with dropdowns and checkboxes', () => {
    const gas = loadBundle();
    gas.rpc('setupRegister', { sample: true });
    const setup = gas.env.execute(() => gas.env.spreadsheet.getSheetByName('Setup')!);
    const header = gas.env.spreadsheet.read('Setup')[0] as string[];
    const row = (cells: Record<string, string>) => header.map((h) => cells[h] ?? '');
    gas.env.execute(() => {
      const rows = [
        row({
          Table: 'Assets',
          Field: 'Tag',
          Type: 'text',
          Required: 'yes',
          Rules: 'unique',
          'ID prefix': 'AST',
        }),
        row({ Table: 'Assets', Field: 'Kind', Type: 'choice', Choices: 'Laptop, Phone, Desk' }),
        row({ Table: 'Assets', Field: 'Insured', Type: 'yes/no' }),
        row({ Table: 'Assets', Field: 'Holder', Type: 'reference', References: 'Staff' }),
        row({ Table: 'Suppliers', Field: 'Website', Type: 'URL' }),
      ];
      setup.getRange(setup.getLastRow() + 1, 1, rows.length, header.length).setValues(rows);
    });
    const report = gas.rpc('setupRegister', {}).value as { changes: string[]; problems: string[] };
    expect(report.changes).toHaveLength(2);
    expect(report.changes).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Assets: created/), 'Suppliers: added column Website']),
    );
    const assets = gas.env.execute(() => gas.env.spreadsheet.getSheetByName('Assets')!);
    const cols = gas.env.spreadsheet.read('Assets')[0] as string[];
    const kinds = gas.env.execute(() => {
      const at = (name: string) =>
        assets
          .getRange(2, cols.indexOf(name) + 1)
          .getDataValidation()!
          .getCriteriaType();
      return [at('Kind'), at('Insured'), at('Holder')].map(String);
    });
    expect(kinds).toEqual(['VALUE_IN_LIST', 'CHECKBOX', 'VALUE_IN_RANGE']);
    const created = gas.rpc('createRecord', {
      table: 'Assets',
      values: { Tag: 'LT-01', Kind: 'laptop', Insured: 'yes', Holder: 'Ben Osei' },
    });
    expect(created.ok, JSON.stringify(created.error)).toBe(true);
    expect(created.value).toMatchObject({
      id: 'AST-0001',
      values: { Kind: 'Laptop', Insured: true, Holder: 'STF-0002' },
    });
    const stored = gas.env.spreadsheet.read('Assets')[1]!;
    expect(stored[cols.indexOf('Insured')]).toBe(true);
    // The Suppliers column was added before the system columns, and old rows are untouched.
    const sup = gas.env.spreadsheet.read('Suppliers');
    expect((sup[0] as string[]).indexOf('Website')).toBe((sup[0] as string[]).indexOf('Created') - 1);
    expect(gas.rpc('validateRegister', {}).value).toMatchObject({ problems: [] });
  });

  it('ships appsscript.json beside Code.js and the self-contained sidebar', () => {
    const dist = path.resolve(__dirname, '../../dist/gas');
    expect(JSON.parse(readFileSync(path.join(dist, 'appsscript.json'), 'utf8')).runtimeVersion).toBe('V8');
    const html = readFileSync(path.join(dist, 'Sidebar.html'), 'utf8');
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/<link[^>]+stylesheet/);
  });
});
