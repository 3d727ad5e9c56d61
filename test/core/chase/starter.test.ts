/**
 * The starter register as `backoffice init --sample` writes it: its Chase Rules rows read cleanly
 * against its own Setup and Templates, the chase templates render on the sample data, and a chase
 * run over the sample plans and renders without a problem.
 */
import { describe, expect, it } from 'vitest';
import { planChaseRun } from '../../../src/core/chase/plan';
import { renderChaseRun } from '../../../src/core/chase/render';
import { CHASE_RULES_TABLE, readChaseRules } from '../../../src/core/chase/rules';
import { STARTER_CHASE_TEMPLATES } from '../../../src/core/chase/starter-rules';
import { emptyChaseState } from '../../../src/core/chase/state';
import { APPS_SCRIPT_MAIL_LIMITS, checkMerge } from '../../../src/core/mail/checks';
import { parseTemplate, TEMPLATES_TABLE } from '../../../src/core/mail/template';
import { sampleRegister } from '../mail/fixtures';

const reg = sampleRegister();
const templates = reg.records(TEMPLATES_TABLE).map((r) => parseTemplate(r.values, r.id));

describe('the starter register’s chase rules', () => {
  it('are seeded with the templates they name, and read without a problem', () => {
    const rows = reg.records(CHASE_RULES_TABLE);
    expect(rows.map((r) => `${r.id} ${r.values.Name}`)).toEqual([
      'CHR-0001 Overdue deliveries',
      'CHR-0002 Approved invoices past due',
      'CHR-0003 Customer requests past Respond by',
    ]);
    const { rules, problems } = readChaseRules(rows, { schema: reg.snap.schema, templates });
    expect(problems).toEqual([]);
    expect(rules.map((r) => r.key)).toEqual(['CHR-0001', 'CHR-0002', 'CHR-0003']);
  });

  for (const row of STARTER_CHASE_TEMPLATES)
    it(`"${row.Name}" renders cleanly on every sample record`, () => {
      const template = parseTemplate(row);
      const { mails, problems } = checkMerge(
        template,
        reg.records(template.table),
        reg.ctx(),
        APPS_SCRIPT_MAIL_LIMITS,
      );
      // Sample requests may have no Owner: that is a To problem of a merge by hand, not of the chase.
      expect(problems.filter((p) => p.field !== 'To')).toEqual([]);
      for (const mail of mails) {
        expect(mail.body).not.toMatch(/\{\{|\}\}/);
        expect(mail.body).not.toMatch(/\n{3,}/);
      }
    });

  it('plan and render a run over the sample register without a problem', () => {
    const { rules } = readChaseRules(reg.records(CHASE_RULES_TABLE), { schema: reg.snap.schema, templates });
    const tables = new Map(rules.map((r) => [r.table.name, reg.records(r.table.name)]));
    const ctx = reg.ctx();
    const planned = planChaseRun(rules, tables, emptyChaseState(), '2026-03-30', { resolve: ctx.resolve });
    const { plan, mails } = renderChaseRun(planned, {
      templates,
      record: (id) => [...tables.values()].flat().find((r) => r.id === id),
      ctx,
    });
    expect(plan.skipped.filter((s) => s.reason.includes('not sent'))).toEqual([]);
    // The sample is dated around 2026-03-29 so that deliveries are overdue: the chase has work.
    expect(mails.filter((m) => m.planned.rule === 'Overdue deliveries').length).toBeGreaterThan(0);
    for (const { planned, mail } of mails) {
      expect(planned.step).toBe(1);
      expect(mail.to.length).toBeGreaterThan(0);
    }
  });
});
