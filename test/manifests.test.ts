// The add-on manifests against their publishers' schemas (../shared/schemas, see its README) plus the hand
// checks the schemas cannot make, and proof that each check can fail. The checks themselves live in
// scripts/manifest-checks.mjs, shared with `npm run validate`.
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOffice } from '../scripts/build-office.mjs';
import {
  checkAppsScriptManifest,
  checkClaspConfig,
  checkClaspConfigFile,
  checkOfficeManifest,
  EXPECTED_OAUTH_SCOPES,
  schemasAvailable,
} from '../scripts/manifest-checks.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const schemasDir = path.resolve(repoRoot, '..', 'shared', 'schemas');
const schemasPresent = schemasAvailable(schemasDir);
if (!schemasPresent) console.warn('skipped: ../shared/schemas not found');

const siteDir = path.join(repoRoot, 'addon', 'office');
const commandsFile = path.join(siteDir, 'commands.ts');
const sourceManifest = readFileSync(path.join(repoRoot, 'manifest.xml'), 'utf8');
const appsScript = JSON.parse(readFileSync(path.join(repoRoot, 'appsscript.json'), 'utf8')) as Record<
  string,
  unknown
> & { oauthScopes: string[] };

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'backoffice-manifests-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** Writes a variant of the source manifest to a temp file and checks it as if it were the real one. */
async function checkManifestVariant(label: string, xml: string) {
  expect(xml, `the ${label} edit must change the manifest`).not.toBe(sourceManifest);
  const file = path.join(tmp, `${label}.xml`);
  await writeFile(file, xml);
  return checkOfficeManifest(file, { schemasDir, origin: 'https://localhost:3000', siteDir, commandsFile });
}

describe.skipIf(!schemasPresent)('appsscript.json', () => {
  const check = (manifest: unknown) => checkAppsScriptManifest(manifest, { schemasDir });

  it('passes the schema and the hand checks', () => {
    expect(check(appsScript).errors).toEqual([]);
  });

  it('asks for exactly the scopes docs/deploy.md explains, on V8', () => {
    expect([...appsScript.oauthScopes].sort()).toEqual([...EXPECTED_OAUTH_SCOPES].sort());
    expect(appsScript.runtimeVersion).toBe('V8');
    expect(appsScript).not.toHaveProperty('addOns');
  });

  it('fails with an extra scope', () => {
    const broad = 'https://mail.google.com/';
    const result = check({ ...appsScript, oauthScopes: [...appsScript.oauthScopes, broad] });
    expect(result.ok).toBe(false);
    expect(result.errors).toContain(`oauthScopes: unexpected scope ${broad}`);
  });

  it('fails with a missing scope or no explicit list', () => {
    expect(check({ ...appsScript, oauthScopes: appsScript.oauthScopes.slice(1) }).ok).toBe(false);
    const { oauthScopes: _omitted, ...inferred } = appsScript;
    expect(check(inferred).ok).toBe(false);
  });

  it('fails with a runtime the schema allows but the product does not (Rhino)', () => {
    const result = check({ ...appsScript, runtimeVersion: 'DEPRECATED_ES5' });
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual(['runtimeVersion must be "V8", got "DEPRECATED_ES5"']);
  });

  it('fails the schema itself with an unknown runtime', () => {
    const result = check({ ...appsScript, runtimeVersion: 'V9' });
    expect(result.errors.some((e) => e.startsWith('schema: /runtimeVersion'))).toBe(true);
  });

  it('fails with Workspace add-on configuration or a misspelt key', () => {
    expect(
      check({ ...appsScript, addOns: { common: { name: 'x', logoUrl: 'https://x.test/a.png' } } }).ok,
    ).toBe(false);
    expect(check({ ...appsScript, timezone: 'Etc/UTC' }).errors).toEqual([
      'unknown top-level key "timezone"',
    ]);
  });
});

describe.skipIf(!schemasPresent)('clasp project files', () => {
  it.each(['.clasp.json', '.clasp.live.json'])('%s passes the schema and pushes dist/gas', (file) => {
    const result = checkClaspConfigFile(path.join(repoRoot, file), { schemasDir });
    expect(result.errors).toEqual([]);
  });

  it('fails when scriptId is not 57 characters long', () => {
    const result = checkClaspConfig({ scriptId: 'REPLACE_ME', rootDir: 'dist/gas' }, { schemasDir });
    expect(result.ok).toBe(false);
    expect(result.errors[0]).toMatch(/^schema: \/scriptId/);
  });

  it('fails when rootDir would push the sources instead of the build', () => {
    const result = checkClaspConfig({ scriptId: 'x'.repeat(57), rootDir: 'src' }, { schemasDir });
    expect(result.errors).toEqual(['rootDir must be "dist/gas" (the build output), got "src"']);
  });
});

describe.skipIf(!schemasPresent)('manifest.xml', () => {
  it('passes the XSDs and the hand checks', () => {
    const result = checkOfficeManifest(path.join(repoRoot, 'manifest.xml'), {
      schemasDir,
      origin: 'https://localhost:3000',
      siteDir,
      commandsFile,
    });
    expect(result.errors).toEqual([]);
  });

  it('opens every ribbon button in the one task pane, each on its view; no button runs a function', () => {
    const controls = [
      ...sourceManifest.matchAll(/<Control xsi:type="Button" id="([^"]+)">([\s\S]*?)<\/Control>/g),
    ];
    const urls = new Map(
      [...sourceManifest.matchAll(/<bt:Url id="([^"]+)" DefaultValue="([^"]+)"\/>/g)].map((m) => [
        m[1],
        m[2],
      ]),
    );
    const actions = controls.map(([, id, body]) => {
      const pane = /<TaskpaneId>([^<]+)<\/TaskpaneId>/.exec(body!)?.[1];
      const resid = /<SourceLocation resid="([^"]+)"\/>/.exec(body!)?.[1] ?? '';
      return [id, /<Action xsi:type="([^"]+)"/.exec(body!)?.[1], pane, urls.get(resid)];
    });
    const pane = 'BackofficeRegister.Pane';
    const page = 'https://localhost:3000/taskpane.html';
    expect(actions).toEqual([
      ['BackofficeRegister.Open', 'ShowTaskpane', pane, page],
      ['BackofficeRegister.Merge', 'ShowTaskpane', pane, `${page}?view=merge`],
      ['BackofficeRegister.Chase', 'ShowTaskpane', pane, `${page}?view=chase`],
      ['BackofficeRegister.Summaries', 'ShowTaskpane', pane, `${page}?view=summaries`],
    ]);
    expect(sourceManifest).not.toContain('<FunctionName>');
    // The function file stays, for later function commands and Office's cached older manifests.
    expect(sourceManifest).toContain('<FunctionFile resid="Commands.Url"/>');
  });

  it('fails the XSD without <Id>', async () => {
    const result = await checkManifestVariant('no-id', sourceManifest.replace(/<Id>[^<]*<\/Id>/, ''));
    expect(result.ok).toBe(false);
    expect(result.errors.join('\n')).toMatch(/xsd:.*Expected is .*Id/);
  });

  it('fails the XSD with an unknown Permissions value', async () => {
    const result = await checkManifestVariant(
      'bad-permissions',
      sourceManifest.replace('>ReadWriteDocument<', '>ReadWriteEverything<'),
    );
    expect(result.errors.join('\n')).toMatch(/xsd:.*Permissions.*ReadWriteEverything/);
  });

  it('fails the hand checks with a resid that names no resource', async () => {
    const result = await checkManifestVariant(
      'bad-resid',
      sourceManifest.replace('resid="Chase.Url"', 'resid="Chase.Link"'),
    );
    expect(result.errors).toEqual(['<SourceLocation resid="Chase.Link"> names no resource']);
  });

  it('fails the hand checks with a URL off the dev origin', async () => {
    const result = await checkManifestVariant(
      'other-origin',
      sourceManifest.replace('https://localhost:3000/commands.html', 'http://localhost:3000/commands.html'),
    );
    expect(result.errors).toEqual(['URL not on https://localhost:3000: http://localhost:3000/commands.html']);
  });

  it('fails the hand checks when an icon list lacks the 80 px image or an icon has the wrong size', async () => {
    const no80 = await checkManifestVariant(
      'no-80',
      sourceManifest.replace('<bt:Image size="80" resid="Icon.80x80"/>', ''),
    );
    expect(no80.errors).toEqual(['<Icon> #1 lacks size 80']);
    const wrongSize = await checkManifestVariant(
      'wrong-size',
      sourceManifest.replace('/assets/icon-80.png"', '/assets/icon-64.png"'),
    );
    expect(wrongSize.errors).toEqual([
      'https://localhost:3000/assets/icon-64.png: is 64 x 64 px, used as 80 x 80',
    ]);
  });

  it('fails the hand checks when a FunctionName is not registered in commands.ts', async () => {
    // Build summaries as the older manifest had it: a function command.
    const asFunction = (name: string) =>
      sourceManifest.replace(
        /<Action xsi:type="ShowTaskpane">(?:(?!<\/Action>)[\s\S])*?resid="Summaries\.Url"[\s\S]*?<\/Action>/,
        `<Action xsi:type="ExecuteFunction"><FunctionName>${name}</FunctionName></Action>`,
      );
    expect((await checkManifestVariant('registered-function', asFunction('buildSummaries'))).errors).toEqual(
      [],
    );
    const result = await checkManifestVariant('unregistered-function', asFunction('buildSummary'));
    expect(result.errors).toEqual([
      'FunctionName buildSummary is not registered with Office.actions.associate in commands.ts',
    ]);
  });
});

describe('buildOffice', () => {
  it.each(['http://example.test', 'https://example.test/', 'https://example.test/addin', 'example.test', ''])(
    'rejects the origin %j before writing anything',
    async (origin) => {
      const outDir = path.join(tmp, 'rejected');
      await expect(buildOffice({ outDir, origin })).rejects.toThrow(/OFFICE_ORIGIN must be an https origin/);
      await expect(readFile(path.join(outDir, 'manifest.xml'), 'utf8')).rejects.toThrow();
    },
  );

  describe('into a temp dir for https://example.test:4443', () => {
    const origin = 'https://example.test:4443';
    let outDir: string;
    let files: string[];
    beforeAll(async () => {
      outDir = path.join(tmp, 'office');
      ({ files } = await buildOffice({ outDir, origin }));
    });

    it('writes the pages, both bundles, the icons and the manifest', () => {
      const names = files.map((file) => path.relative(outDir, file).split(path.sep).join('/'));
      expect(names).toEqual([
        'assets/icon-16.png',
        'assets/icon-32.png',
        'assets/icon-64.png',
        'assets/icon-80.png',
        'commands.html',
        'commands.js',
        'manifest.xml',
        'taskpane.html',
        'taskpane.js',
      ]);
    });

    it('bundles each entry as a classic script that registers buildSummaries', async () => {
      const commands = await readFile(path.join(outDir, 'commands.js'), 'utf8');
      expect(commands).toContain('Office.actions.associate("buildSummaries"');
      expect(commands).not.toMatch(/^\s*(import|export)\b/m);
    });

    it('registers a buildSummaries (older manifests) that shows the notice dialog and completes once it closes', async () => {
      const code = await readFile(path.join(outDir, 'commands.js'), 'utf8');
      const handlers = new Map<string, (event: { completed: () => void }) => void>();
      const dialogHandlers = new Map<string, () => void>();
      const opened: string[] = [];
      let dialogApi = true;
      const Office = {
        AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
        EventType: { DialogMessageReceived: 'message', DialogEventReceived: 'event' },
        actions: {
          associate: (name: string, fn: (event: { completed: () => void }) => void) => handlers.set(name, fn),
        },
        context: {
          requirements: { isSetSupported: (name: string) => name === 'DialogApi' && dialogApi },
          ui: {
            displayDialogAsync: (url: string, _options: unknown, callback: (result: unknown) => void) => {
              opened.push(url);
              callback({
                status: 'succeeded',
                value: {
                  addEventHandler: (type: string, fn: () => void) => dialogHandlers.set(type, fn),
                  close() {},
                },
              });
            },
          },
        },
      };
      // The function file runs in a page of the origin it was built for; only the globals it uses exist.
      const page = {
        Office,
        window: { location: { href: `${origin}/commands.html` } },
        console: { warn() {} },
        URL,
      };
      vm.runInNewContext(code, page);

      const buildSummaries = handlers.get('buildSummaries');
      expect(buildSummaries).toBeTypeOf('function');
      let completed = 0;
      buildSummaries!({ completed: () => completed++ });
      expect(opened).toEqual([`${origin}/taskpane.html?view=summaries-unavailable`]);
      expect(completed).toBe(0);
      dialogHandlers.get('event')!();
      dialogHandlers.get('event')!();
      expect(completed).toBe(1);

      dialogApi = false;
      buildSummaries!({ completed: () => completed++ });
      expect(completed).toBe(2);
    });

    it('rewrites every URL in the manifest to the origin, leaving no localhost', async () => {
      const xml = await readFile(path.join(outDir, 'manifest.xml'), 'utf8');
      expect(xml).not.toMatch(/localhost/i);
      expect(xml).toContain(`<SourceLocation DefaultValue="${origin}/taskpane.html"/>`);
    });

    it.skipIf(!schemasPresent)('produces a manifest that passes the XSDs and the hand checks', () => {
      const result = checkOfficeManifest(path.join(outDir, 'manifest.xml'), {
        schemasDir,
        origin,
        siteDir: outDir,
      });
      expect(result.errors).toEqual([]);
    });
  });
});
