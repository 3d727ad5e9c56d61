/** The UTF-8 size of a value's JSON: how the Excel host measures request and response payloads. */
export function jsonBytes(value: unknown): number {
  const text = JSON.stringify(value) ?? '';
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Bytes per row of loaded values and number formats, from a sample of the first rows. */
export function bytesPerRow(values: unknown[][], formats: unknown[][]): number {
  const n = Math.min(values.length, 200);
  if (n === 0) return 0;
  return (jsonBytes(values.slice(0, n)) + jsonBytes(formats.slice(0, n))) / n;
}
