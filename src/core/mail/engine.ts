/**
 * The one module that touches mustache: parsing a template part into tokens and rendering tokens
 * over a view. A private writer, so its parse cache and escaping are ours whatever else in a bundle
 * uses mustache.
 */
import Mustache from 'mustache';

/** A mustache token: [type, name or text, start, end, children?, section end?]. */
export type Token = [type: string, value: string, start: number, end: number, ...rest: unknown[]];

export type RenderContext = Mustache.Context;
export type Escape = (value: unknown) => string;

const writer = new Mustache.Writer();

/** Parse a template part; throws mustache's error ("Unclosed section "items" at 120") if it does not balance. */
export function parseTokens(source: string): Token[] {
  return writer.parse(source) as Token[];
}

/** A lookup context over a view, shared by the parts of one mail so each value is looked up once. */
export function renderContext(view: object): RenderContext {
  return new Mustache.Context(view);
}

export function renderTokens(
  tokens: readonly Token[],
  context: RenderContext,
  source: string,
  escape: Escape,
): string {
  return writer.renderTokens(tokens as unknown as string[][], context, undefined, source, { escape });
}
