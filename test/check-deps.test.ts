import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const script = path.resolve(__dirname, '../scripts/check-deps.mjs');

function run(files: Record<string, string>): { code: number; output: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'deps-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  try {
    const output = execFileSync('node', [script], {
      env: { ...process.env, CHECK_DEPS_ROOT: dir },
      encoding: 'utf8',
      stdio: 'pipe',
    });
    return { code: 0, output };
  } catch (e) {
    const err = e as { status: number; stderr: string };
    return { code: err.status, output: err.stderr };
  }
}

describe('dependency rule', () => {
  it('passes on the real tree', () => {
    expect(() => execFileSync('node', [script], { stdio: 'pipe' })).not.toThrow();
  });

  it('fails when core imports a host, a package, or reads the clock', () => {
    const r = run({
      'src/core/a.ts':
        "import { x } from '../hosts/gas/y';\nimport ExcelJS from 'exceljs';\nexport const t = Date.now();\n",
    });
    expect(r.code).toBe(1);
    expect(r.output).toContain('src/core/a.ts: imports ../hosts/gas/y');
    expect(r.output).toContain('must not depend on packages');
    expect(r.output).toContain('Date\\.now');
  });

  it('fails when service depends on a host, and allows the sidebar type-only service imports', () => {
    const r = run({
      'src/service/s.ts': "import { GasDocument } from '../hosts/gas/gas-document';\n",
      'sidebar/app.ts': "import type { SchemaInfo } from '../src/service/register';\n",
    });
    expect(r.code).toBe(1);
    expect(r.output).toContain('src/service/s.ts');
    expect(r.output).not.toContain('sidebar/app.ts');
  });
});
