import { SandboxMode, XFrameOptionsMode, enumName } from './enums';
import { gasError, signatureError } from './errors';
import { Fake, RT, type Runtime, instrument } from './runtime';

type HtmlOutput = GoogleAppsScript.HTML.HtmlOutput;
type HtmlTemplate = GoogleAppsScript.HTML.HtmlTemplate;

const SERVICE_METHODS = [
  'createHtmlOutput',
  'createHtmlOutputFromFile',
  'createTemplate',
  'createTemplateFromFile',
] as const;
const OUTPUT_METHODS = [
  'addMetaTag',
  'append',
  'appendUntrusted',
  'clear',
  'getContent',
  'getFaviconUrl',
  'getHeight',
  'getMetaTags',
  'getTitle',
  'getWidth',
  'setContent',
  'setFaviconUrl',
  'setHeight',
  'setSandboxMode',
  'setTitle',
  'setWidth',
  'setXFrameOptionsMode',
] as const;
const TEMPLATE_METHODS = ['evaluate', 'getRawContent'] as const;
const META_METHODS = ['getContent', 'getName'] as const;

export interface HtmlContext {
  files: Record<string, string>;
  /** Looks up script globals (top-level functions of the bundle) for template calls such as include('Css'). */
  global(name: string): unknown;
}

/** https://developers.google.com/apps-script/reference/html/html-service */
export class FakeHtmlService
  extends Fake
  implements
    Pick<
      GoogleAppsScript.HTML.HtmlService,
      (typeof SERVICE_METHODS)[number] | 'SandboxMode' | 'XFrameOptionsMode'
    >
{
  readonly SandboxMode = SandboxMode;
  readonly XFrameOptionsMode = XFrameOptionsMode;

  constructor(
    rt: Runtime,
    private readonly ctx: HtmlContext,
  ) {
    super(rt);
  }

  createHtmlOutput(html?: string | GoogleAppsScript.Base.BlobSource): HtmlOutput {
    return new FakeHtmlOutput(
      this[RT],
      contentOf(html, 'HtmlService.createHtmlOutput'),
    ) as unknown as HtmlOutput;
  }

  /** The file's content as is: scriptlets are not evaluated (that is what createTemplateFromFile is for). */
  createHtmlOutputFromFile(filename: string): HtmlOutput {
    return new FakeHtmlOutput(this[RT], this.file(filename)) as unknown as HtmlOutput;
  }

  createTemplate(html: string | GoogleAppsScript.Base.BlobSource): HtmlTemplate {
    return new FakeHtmlTemplate(
      this[RT],
      this.ctx,
      contentOf(html, 'HtmlService.createTemplate'),
    ) as unknown as HtmlTemplate;
  }

  createTemplateFromFile(filename: string): HtmlTemplate {
    return new FakeHtmlTemplate(this[RT], this.ctx, this.file(filename)) as unknown as HtmlTemplate;
  }

  /**
   * Project HTML files are named without extension; a trailing ".html" in the argument is accepted (common usage,
   * the reference is silent). A missing file fails with the service's message "No HTML file named X was found."
   */
  private file(filename: string): string {
    if (typeof filename !== 'string')
      throw signatureError('HtmlService.createHtmlOutputFromFile', [filename]);
    const name = filename.replace(/\.html$/, '');
    const content = this.ctx.files[name];
    if (content === undefined) throw gasError(`No HTML file named ${filename} was found.`);
    return content;
  }
}

function contentOf(source: unknown, method: string): string {
  if (source === undefined) return '';
  if (typeof source === 'string') return source;
  const getBlob = (source as { getBlob?: () => { getDataAsString(): string } } | null)?.getBlob;
  if (typeof getBlob === 'function') return getBlob.call(source).getDataAsString();
  throw signatureError(method, [source]);
}

/** https://developers.google.com/apps-script/reference/html/html-output */
export class FakeHtmlOutput extends Fake implements Pick<HtmlOutput, (typeof OUTPUT_METHODS)[number]> {
  private title = '';
  // The reference gives no defaults for the size; dialogs and sidebars pick their own. 0 means "not set".
  private width = 0;
  private height = 0;
  private favicon = '';
  sandboxMode = 'IFRAME';
  xFrameOptionsMode = 'DEFAULT';
  private readonly metaTags: { name: string; content: string }[] = [];

  constructor(
    rt: Runtime,
    private content: string,
  ) {
    super(rt);
  }

  addMetaTag(name: string, content: string): HtmlOutput {
    this.metaTags.push({ name: String(name), content: String(content) });
    return this.self();
  }

  append(addedContent: string): HtmlOutput {
    this.content += String(addedContent);
    return this.self();
  }

  /** "Appends new content ... using contextual escaping." */
  appendUntrusted(addedContent: string): HtmlOutput {
    this.content += escapeHtml(String(addedContent));
    return this.self();
  }

  clear(): HtmlOutput {
    this.content = '';
    return this.self();
  }

  getContent(): string {
    return this.content;
  }

  getFaviconUrl(): string {
    return this.favicon;
  }

  getHeight(): number {
    return this.height;
  }

  getMetaTags(): GoogleAppsScript.HTML.HtmlOutputMetaTag[] {
    return this.metaTags.map(
      (t) =>
        new FakeMetaTag(this[RT], t.name, t.content) as unknown as GoogleAppsScript.HTML.HtmlOutputMetaTag,
    );
  }

  getTitle(): string {
    return this.title;
  }

  getWidth(): number {
    return this.width;
  }

  setContent(content: string): HtmlOutput {
    this.content = String(content);
    return this.self();
  }

  setFaviconUrl(iconUrl: string): HtmlOutput {
    this.favicon = String(iconUrl);
    return this.self();
  }

  setHeight(height: number): HtmlOutput {
    this.height = height;
    return this.self();
  }

  /** "now has no effect": only IFRAME is supported (reference/html/sandbox-mode). Recorded anyway. */
  setSandboxMode(mode: GoogleAppsScript.HTML.SandboxMode): HtmlOutput {
    this.sandboxMode = enumName(mode) ?? 'IFRAME';
    return this.self();
  }

  setTitle(title: string): HtmlOutput {
    this.title = String(title);
    return this.self();
  }

  setWidth(width: number): HtmlOutput {
    this.width = width;
    return this.self();
  }

  setXFrameOptionsMode(mode: GoogleAppsScript.HTML.XFrameOptionsMode): HtmlOutput {
    this.xFrameOptionsMode = enumName(mode) ?? 'DEFAULT';
    return this.self();
  }

  private self(): HtmlOutput {
    return this as unknown as HtmlOutput;
  }
}

export class FakeMetaTag
  extends Fake
  implements Pick<GoogleAppsScript.HTML.HtmlOutputMetaTag, (typeof META_METHODS)[number]>
{
  constructor(
    rt: Runtime,
    private readonly name: string,
    private readonly content: string,
  ) {
    super(rt);
  }

  getContent(): string {
    return this.content;
  }

  getName(): string {
    return this.name;
  }
}

/**
 * https://developers.google.com/apps-script/guides/html/templates — printing scriptlets only:
 * `<?= expr ?>` prints with contextual escaping (HTML-escaped in markup, a JSON literal inside <script>),
 * `<?!= expr ?>` prints raw. `expr` may be a template field or path (`data.title`) or a call with literal or field
 * arguments (`include('Styles')`) resolved against the template, then the script's globals. Standard scriptlets
 * (`<? code ?>`) are not emulated and throw.
 */
export class FakeHtmlTemplate extends Fake implements Pick<HtmlTemplate, (typeof TEMPLATE_METHODS)[number]> {
  // ES private fields: scripts assign template fields as properties, so ours must not collide with their names.
  readonly #ctx: HtmlContext;
  readonly #raw: string;

  constructor(rt: Runtime, ctx: HtmlContext, raw: string) {
    super(rt);
    this.#ctx = ctx;
    this.#raw = raw;
  }

  evaluate(): HtmlOutput {
    let out = '';
    let last = 0;
    const pattern = /<\?(!=|=)?([\s\S]*?)\?>/g;
    for (let m = pattern.exec(this.#raw); m; m = pattern.exec(this.#raw)) {
      out += this.#raw.slice(last, m.index);
      last = m.index + m[0].length;
      const kind = m[1];
      const expr = (m[2] ?? '').trim().replace(/;$/, '').trim();
      if (!kind) throw new Error(`HtmlTemplate: code scriptlets (<? ${expr} ?>) are not emulated`);
      const value = this.evalExpr(expr);
      if (kind === '!=') out += value === undefined || value === null ? '' : String(value);
      else
        out += insideScript(out)
          ? jsonLiteral(value)
          : escapeHtml(value === undefined || value === null ? '' : String(value));
    }
    out += this.#raw.slice(last);
    return new FakeHtmlOutput(this[RT], out) as unknown as HtmlOutput;
  }

  getRawContent(): string {
    return this.#raw;
  }

  private evalExpr(expr: string): unknown {
    const literal = parseLiteral(expr);
    if (literal.ok) return literal.value;
    const call = /^([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\s*\(([\s\S]*)\)$/.exec(expr);
    if (call) {
      const fn = this.lookup(call[1] ?? '');
      if (typeof fn !== 'function') throw new Error(`HtmlTemplate: ${call[1]} is not a function`);
      const args = splitArgs(call[2] ?? '').map((a) => this.evalExpr(a));
      return this[RT].userCode(() => (fn as (...a: unknown[]) => unknown)(...args));
    }
    if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/.test(expr)) return this.lookup(expr);
    throw new Error(`HtmlTemplate: the emulator prints fields and simple calls only, not: ${expr}`);
  }

  private lookup(path: string): unknown {
    const [head = '', ...rest] = path.split('.');
    const own = this as unknown as Record<string, unknown>;
    let value: unknown = Object.prototype.hasOwnProperty.call(own, head) ? own[head] : this.#ctx.global(head);
    for (const key of rest) value = (value as Record<string, unknown> | null | undefined)?.[key];
    return value;
  }
}

function parseLiteral(expr: string): { ok: boolean; value?: unknown } {
  if (/^'(?:[^'\\]|\\.)*'$/.test(expr)) return { ok: true, value: expr.slice(1, -1).replace(/\\(.)/g, '$1') };
  if (/^"(?:[^"\\]|\\.)*"$/.test(expr)) return { ok: true, value: JSON.parse(expr) as unknown };
  if (/^-?\d+(\.\d+)?$/.test(expr)) return { ok: true, value: Number(expr) };
  if (expr === 'true' || expr === 'false') return { ok: true, value: expr === 'true' };
  if (expr === 'null') return { ok: true, value: null };
  return { ok: false };
}

function splitArgs(text: string): string[] {
  const args: string[] = [];
  let current = '';
  let quote = '';
  for (const ch of text) {
    if (quote) {
      current += ch;
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      current += ch;
    } else if (ch === ',') {
      args.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim()) args.push(current.trim());
  return args;
}

function insideScript(before: string): boolean {
  const open = before.toLowerCase().lastIndexOf('<script');
  return open >= 0 && open > before.toLowerCase().lastIndexOf('</script');
}

function jsonLiteral(value: unknown): string {
  return (JSON.stringify(value) ?? 'undefined').replace(/</g, '\\u003c').replace(/>/g, '\\u003e');
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

instrument(FakeHtmlService, { name: 'HtmlService', methods: SERVICE_METHODS, access: 'open' });
instrument(FakeHtmlOutput, {
  name: 'HtmlOutput',
  qualified: 'HtmlService.HtmlOutput',
  methods: OUTPUT_METHODS,
  access: 'open',
});
instrument(FakeHtmlTemplate, {
  name: 'HtmlTemplate',
  qualified: 'HtmlService.HtmlTemplate',
  methods: TEMPLATE_METHODS,
  access: 'open',
});
instrument(FakeMetaTag, { name: 'HtmlOutputMetaTag', methods: META_METHODS, access: 'open' });
