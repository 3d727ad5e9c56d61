import { createHash } from 'node:crypto';
import { Charset, DigestAlgorithm, enumName } from './enums';
import { dateMs, gasError, isDate, signatureError } from './errors';
import { Fake, RT, type Runtime, instrument } from './runtime';
import { formatSimpleDate } from './simple-date-format';
import { resolveZone } from './timezone';

type Blob = GoogleAppsScript.Base.Blob;

const UTILITIES_METHODS = [
  'base64Decode',
  'base64DecodeWebSafe',
  'base64Encode',
  'base64EncodeWebSafe',
  'computeDigest',
  'formatDate',
  'formatString',
  'getUuid',
  'newBlob',
  'sleep',
] as const;
const BLOB_METHODS = [
  'copyBlob',
  'getBytes',
  'getContentType',
  'getDataAsString',
  'getName',
  'isGoogleType',
  'setBytes',
  'setContentType',
  'setDataFromString',
  'setName',
  'getAs',
  'getBlob',
] as const;

/** "The maximum allowed value is 300000 (or 5 minutes)" (reference/utilities/utilities#sleep(Integer)). */
export const MAX_SLEEP_MS = 300_000;

/** Apps Script byte arrays are Java bytes: integers from -128 to 127. */
export function toJavaBytes(buffer: Uint8Array): number[] {
  return Array.from(buffer, (b) => (b > 127 ? b - 256 : b));
}

export function fromJavaBytes(bytes: readonly number[]): Buffer {
  return Buffer.from(bytes.map((b) => b & 0xff));
}

function charsetEncoding(charset: unknown): BufferEncoding {
  const name = enumName(charset) ?? 'UTF_8';
  return name === 'US_ASCII' ? 'ascii' : 'utf8';
}

function bufferOf(data: unknown, charset: unknown, method: string): Buffer {
  if (typeof data === 'string') return Buffer.from(data, charsetEncoding(charset));
  if (Array.isArray(data) && data.every((b) => typeof b === 'number')) return fromJavaBytes(data as number[]);
  throw signatureError(`Utilities.${method}`, [data]);
}

/** https://developers.google.com/apps-script/reference/utilities/utilities */
export class FakeUtilities
  extends Fake
  implements
    Pick<
      GoogleAppsScript.Utilities.Utilities,
      (typeof UTILITIES_METHODS)[number] | 'Charset' | 'DigestAlgorithm'
    >
{
  readonly Charset = Charset;
  readonly DigestAlgorithm = DigestAlgorithm;
  private uuidCounter = 0;

  base64Decode(encoded: string, charset?: GoogleAppsScript.Utilities.Charset): number[] {
    if (typeof encoded !== 'string') throw signatureError('Utilities.base64Decode', [encoded]);
    void charset;
    return toJavaBytes(Buffer.from(encoded, 'base64'));
  }

  base64DecodeWebSafe(encoded: string, charset?: GoogleAppsScript.Utilities.Charset): number[] {
    if (typeof encoded !== 'string') throw signatureError('Utilities.base64DecodeWebSafe', [encoded]);
    void charset;
    return toJavaBytes(Buffer.from(encoded, 'base64url'));
  }

  /** Strings are encoded as UTF-8 unless a Charset is given. Output is padded standard base64. */
  base64Encode(data: string | number[], charset?: GoogleAppsScript.Utilities.Charset): string {
    return bufferOf(data, charset, 'base64Encode').toString('base64');
  }

  /** Web-safe alphabet (-, _) with '=' padding kept, as the Java encoder Apps Script uses does. */
  base64EncodeWebSafe(data: string | number[], charset?: GoogleAppsScript.Utilities.Charset): string {
    return bufferOf(data, charset, 'base64EncodeWebSafe')
      .toString('base64')
      .replace(/\+/g, '-')
      .replace(/\//g, '_');
  }

  computeDigest(
    algorithm: GoogleAppsScript.Utilities.DigestAlgorithm,
    value: string | number[],
    charset?: GoogleAppsScript.Utilities.Charset,
  ): number[] {
    const names: Record<string, string> = {
      MD5: 'md5',
      SHA_1: 'sha1',
      SHA_256: 'sha256',
      SHA_384: 'sha384',
      SHA_512: 'sha512',
    };
    const name = names[enumName(algorithm) ?? ''];
    if (!name) throw gasError(`Digest algorithm ${String(algorithm)} is not emulated.`);
    return toJavaBytes(
      createHash(name)
        .update(bufferOf(value, charset, 'computeDigest'))
        .digest(),
    );
  }

  /** Any-realm Dates only; an unknown time zone ID falls back to GMT, as Java's TimeZone.getTimeZone does. */
  formatDate(date: GoogleAppsScript.Base.Date, timeZone: string, format: string): string {
    if (!isDate(date) || typeof timeZone !== 'string' || typeof format !== 'string') {
      throw signatureError('Utilities.formatDate', [date, timeZone, format]);
    }
    return formatSimpleDate(dateMs(date), resolveZone(timeZone), format);
  }

  /** sprintf-like (%s, %d, %f with precision, %%), as the reference describes. */
  formatString(template: string, ...args: unknown[]): string {
    let i = 0;
    return String(template).replace(
      /%(-?\d*)(?:\.(\d+))?([sdfi%])/g,
      (_, width: string, precision: string, kind: string) => {
        if (kind === '%') return '%';
        const arg = args[i++];
        let text: string;
        if (kind === 'd' || kind === 'i') text = String(Math.trunc(Number(arg)));
        else if (kind === 'f') text = Number(arg).toFixed(precision ? Number(precision) : 6);
        else text = String(arg);
        const w = Number(width || 0);
        return w < 0 ? text.padEnd(-w) : text.padStart(w);
      },
    );
  }

  /** Version-4 UUIDs, deterministic per environment so that tests are repeatable. */
  getUuid(): string {
    const n = ++this.uuidCounter;
    const hex = createHash('sha256').update(`${this[RT].options.scriptId}:${n}`).digest('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[n % 4]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }

  newBlob(data: string | number[], contentType?: string, name?: string): Blob {
    const bytes = bufferOf(data, undefined, 'newBlob');
    return new FakeBlob(this[RT], bytes, contentType ?? null, name ?? null) as unknown as Blob;
  }

  /** Advances the fake clock; the time counts against the execution's budget. */
  sleep(milliseconds: number): void {
    if (typeof milliseconds !== 'number' || !(milliseconds >= 0))
      throw signatureError('Utilities.sleep', [milliseconds]);
    if (milliseconds > MAX_SLEEP_MS) throw gasError('Invalid argument: milliseconds');
    this[RT].clock.advance(milliseconds);
    this[RT].checkBudget();
  }
}

/** https://developers.google.com/apps-script/reference/base/blob */
export class FakeBlob extends Fake implements Pick<Blob, (typeof BLOB_METHODS)[number]> {
  constructor(
    rt: Runtime,
    private bytes: Buffer,
    private contentType: string | null,
    private name: string | null,
  ) {
    super(rt);
  }

  copyBlob(): Blob {
    return new FakeBlob(this[RT], Buffer.from(this.bytes), this.contentType, this.name) as unknown as Blob;
  }

  getAs(contentType: string): Blob {
    if (contentType !== this.contentType)
      throw gasError(`Converting from ${this.contentType} to ${contentType} is not supported.`);
    return this.copyBlob();
  }

  getBlob(): Blob {
    return this as unknown as Blob;
  }

  getBytes(): number[] {
    return toJavaBytes(this.bytes);
  }

  getContentType(): string | null {
    return this.contentType;
  }

  getDataAsString(charset?: string): string {
    return this.bytes.toString(charset && /ascii/i.test(charset) ? 'ascii' : 'utf8');
  }

  getName(): string | null {
    return this.name;
  }

  isGoogleType(): boolean {
    return false;
  }

  setBytes(data: number[]): Blob {
    this.bytes = fromJavaBytes(data);
    return this as unknown as Blob;
  }

  setContentType(contentType: string | null): Blob {
    this.contentType = contentType;
    return this as unknown as Blob;
  }

  setDataFromString(text: string, charset?: string): Blob {
    this.bytes = Buffer.from(String(text), charset && /ascii/i.test(charset) ? 'ascii' : 'utf8');
    return this as unknown as Blob;
  }

  setName(name: string): Blob {
    this.name = String(name);
    return this as unknown as Blob;
  }
}

instrument(FakeUtilities, { name: 'Utilities', methods: UTILITIES_METHODS, access: 'open' });
instrument(FakeBlob, { name: 'Blob', qualified: 'Utilities.Blob', methods: BLOB_METHODS, access: 'open' });
