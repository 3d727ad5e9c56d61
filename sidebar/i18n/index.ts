/** Pick the interface language: `?lang=` first (handy in the workbench and tests), then the browser's. */
import { en, type Messages } from './en';
import { it } from './it';

export type { Messages };

const CATALOGUE: Record<string, Messages> = { en, it };

export function pickMessages(search: string, browserLanguages: readonly string[]): Messages {
  const asked = new URLSearchParams(search).get('lang');
  for (const tag of [asked, ...browserLanguages]) {
    const base = tag?.toLowerCase().split(/[-_]/)[0];
    if (base && Object.prototype.hasOwnProperty.call(CATALOGUE, base)) return CATALOGUE[base]!;
  }
  return en;
}
