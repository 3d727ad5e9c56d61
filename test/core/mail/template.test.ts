import { describe, expect, it } from 'vitest';
import { parseSchema, SETUP_HEADER, type SetupRow } from '../../../src/core/schema';
import { starterSetup } from '../../../src/core/starter';
import {
  parseTemplate,
  TEMPLATE_FIELD,
  TEMPLATE_SETUP_ROWS,
  templateSetupCells,
  TEMPLATES_TABLE,
} from '../../../src/core/mail/template';

describe('Templates table', () => {
  it('describes every template field as valid Setup rows that replace the starter placeholder row', () => {
    const starter = starterSetup();
    const rows = [...starter.rows.filter((r) => r[0] !== TEMPLATES_TABLE), ...templateSetupCells()].map(
      (cells, i): SetupRow => ({
        row: i + 2,
        cells: Object.fromEntries(SETUP_HEADER.map((h, j) => [h, cells[j] ?? ''])) as SetupRow['cells'],
      }),
    );
    const { schema, problems } = parseSchema(rows);
    expect(problems).toEqual([]);
    const table = schema.tables.find((t) => t.name === TEMPLATES_TABLE)!;
    expect(table.prefix).toBe('TPL');
    expect(table.fields.map((f) => f.name)).toEqual(Object.values(TEMPLATE_FIELD));
    expect(table.fields.find((f) => f.name === 'Name')!.rules.unique).toBe(true);
    expect(table.fields.find((f) => f.name === 'Body')!.type).toBe('long text');
    expect(table.fields.find((f) => f.name === 'Format')!.choices).toEqual(['Plain text', 'HTML']);
    expect(TEMPLATE_SETUP_ROWS).toHaveLength(11);
  });

  it('parses a template record, leniently and case-insensitively', () => {
    const t = parseTemplate(
      {
        Name: ' Chase ',
        table: 'Purchase Orders',
        To: '{{Supplier.Email}}',
        Cc: null,
        Subject: 'Orders {{ID}}',
        Body: 'Hello',
        Format: 'HTML',
        'Group by': 'Supplier',
        'Confidential fields allowed': 'Salary, Bank account',
      },
      'TPL-0001',
    );
    expect(t).toEqual({
      id: 'TPL-0001',
      name: 'Chase',
      table: 'Purchase Orders',
      to: '{{Supplier.Email}}',
      cc: '',
      bcc: '',
      replyTo: '',
      subject: 'Orders {{ID}}',
      body: 'Hello',
      html: true,
      groupBy: 'Supplier',
      confidentialAllowed: ['Salary', 'Bank account'],
    });
    const plain = parseTemplate({ Name: 'x', Format: 'Plain text' });
    expect(plain.html).toBe(false);
    expect(plain.groupBy).toBeUndefined();
    expect(plain.confidentialAllowed).toEqual([]);
  });
});
