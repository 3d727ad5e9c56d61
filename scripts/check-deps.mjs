// The dependency rule of DESIGN.md, enforced: addon, cli, workbench -> service -> core and ports;
// hosts implement ports; core imports nothing of ours but core, and touches no host global, no I/O
// and no clock. Exits 1 listing every violation.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// CHECK_DEPS_ROOT lets the test run the rule on a fixture tree.
const root = process.env.CHECK_DEPS_ROOT ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Which of our folders each layer may import from (paths relative to the repo root). */
const RULES = [
  // mustache renders mail templates: pure, no I/O, made for the job (src/core/mail/engine.ts only).
  { layer: 'src/core', may: ['src/core'], packages: ['mustache'] },
  { layer: 'src/ports.ts', may: ['src/core'], packages: false },
  { layer: 'src/service', may: ['src/core', 'src/ports.ts', 'src/service'], packages: false },
  { layer: 'src/hosts/memory', may: ['src/core', 'src/ports.ts', 'src/hosts/memory'], packages: false },
  { layer: 'src/hosts/gas', may: ['src/core', 'src/ports.ts', 'src/hosts/gas'], packages: false },
  { layer: 'src/hosts/excel', may: ['src/core', 'src/ports.ts', 'src/hosts/excel'], packages: true },
  { layer: 'src/hosts/local', may: ['src/core', 'src/ports.ts', 'src/hosts/local'], packages: true },
  {
    layer: 'src/cli',
    may: ['src/core', 'src/ports.ts', 'src/service', 'src/hosts/local', 'src/cli'],
    packages: true,
  },
  {
    layer: 'src/workbench',
    may: ['src/core', 'src/ports.ts', 'src/service', 'src/hosts/local', 'src/workbench', 'scripts'],
    packages: true,
  },
  { layer: 'addon/gas', may: ['src/core', 'src/service', 'src/hosts/gas', 'addon/gas'], packages: false },
  {
    layer: 'addon/office',
    may: ['src/core', 'src/service', 'src/hosts/excel', 'addon/office', 'sidebar'],
    packages: true,
  },
  // The sidebar runs in the browser: it may use core (the same validation) and the RPC contract's types.
  {
    layer: 'sidebar',
    may: ['src/core', 'src/service/rpc-contract.ts', 'sidebar'],
    packages: true,
    typeOnly: ['src/service'],
  },
];

/** Globals and calls core must not touch: host services, I/O, the clock. */
const CORE_FORBIDDEN = [
  /\b(SpreadsheetApp|HtmlService|PropertiesService|LockService|ScriptApp|Session|MailApp|GmailApp|UrlFetchApp|Office|Excel)\./,
  /\b(window|document|process|require)\b\s*[.(]/,
  /\bDate\.now\(/,
  /new Date\(\)/,
  /\bMath\.random\(/,
];

async function* files(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else if (/\.(ts|tsx|mts)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) yield full;
  }
}

const IMPORT =
  /^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/gm;

function allowsPackage(rule, spec) {
  return rule.packages === true || (Array.isArray(rule.packages) && rule.packages.includes(spec));
}

function ruleFor(rel) {
  return RULES.filter((r) => rel === r.layer || rel.startsWith(`${r.layer}/`)).sort(
    (a, b) => b.layer.length - a.layer.length,
  )[0];
}

const violations = [];
for (const top of ['src', 'addon', 'sidebar']) {
  for await (const file of files(path.join(root, top))) {
    const rel = path.relative(root, file).split(path.sep).join('/');
    const rule = ruleFor(rel);
    if (!rule) {
      violations.push(`${rel}: no layer rule covers this file (add it to scripts/check-deps.mjs)`);
      continue;
    }
    const text = await readFile(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[3] ?? m[4];
      const typeOnly = Boolean(m[2]) || /^\s*import\s+type\b/.test(m[0]);
      if (spec.startsWith('.')) {
        const target = path
          .relative(root, path.resolve(path.dirname(file), spec))
          .split(path.sep)
          .join('/');
        const allowed = rule.may.some(
          (p) => target === p || target.startsWith(`${p}/`) || `${target}.ts` === p,
        );
        const typeAllowed = typeOnly && (rule.typeOnly ?? []).some((p) => target.startsWith(`${p}/`));
        if (!allowed && !typeAllowed)
          violations.push(`${rel}: imports ${spec} (${target}), which ${rule.layer} may not depend on`);
      } else if (!allowsPackage(rule, spec) && !spec.startsWith('node:') && !typeOnly) {
        violations.push(`${rel}: imports the package "${spec}"; ${rule.layer} must not depend on packages`);
      } else if (rule.packages !== true && spec.startsWith('node:')) {
        violations.push(`${rel}: imports ${spec}; ${rule.layer} must not do I/O`);
      }
    }
    if (rule.layer === 'src/core') {
      const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      for (const re of CORE_FORBIDDEN)
        if (re.test(code)) violations.push(`${rel}: core must not use ${re.source}`);
    }
  }
}

if (violations.length > 0) {
  console.error(
    `Dependency rule: ${violations.length} violation(s)\n${violations.map((v) => `  ${v}`).join('\n')}`,
  );
  process.exit(1);
}
console.log(
  'Dependency rule: ok (core is pure; service depends only on core and ports; hosts implement ports)',
);
