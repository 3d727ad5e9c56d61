import { gasError } from './errors';
import { Fake, RT, type Runtime, instrument } from './runtime';

type Properties = GoogleAppsScript.Properties.Properties;

/**
 * Limits from https://developers.google.com/apps-script/guides/services/quotas#current_limitations:
 * "Properties value size: 9 KB / val" and "Properties total storage: 500 KB / property store". Sizes are UTF-8 bytes;
 * the store total counts keys and values (tanaikech's 2023 measurements show keys count too). His measurements also
 * show the live service accepting somewhat different sizes; the emulator enforces the documented figures, the safe
 * side for code that must run on the real service.
 */
export const MAX_VALUE_BYTES = 9 * 1024;
export const MAX_STORE_BYTES = 500 * 1024;

export class PropertyStore {
  readonly data = new Map<string, string>();

  bytes(): number {
    let total = 0;
    for (const [k, v] of this.data) total += Buffer.byteLength(k) + Buffer.byteLength(v);
    return total;
  }
}

const SERVICE_METHODS = ['getDocumentProperties', 'getScriptProperties', 'getUserProperties'] as const;
const PROPERTIES_METHODS = [
  'deleteAllProperties',
  'deleteProperty',
  'getKeys',
  'getProperties',
  'getProperty',
  'setProperties',
  'setProperty',
] as const;

export interface PropertyStores {
  script: PropertyStore;
  document: PropertyStore;
  user(email: string): PropertyStore;
}

/** https://developers.google.com/apps-script/reference/properties/properties-service */
export class FakePropertiesService
  extends Fake
  implements Pick<GoogleAppsScript.Properties.PropertiesService, (typeof SERVICE_METHODS)[number]>
{
  constructor(
    rt: Runtime,
    private readonly stores: PropertyStores,
  ) {
    super(rt);
  }

  /** "...or null if the script is not either an add-on or bound to a Google Workspace file". */
  getDocumentProperties(): Properties {
    if (!this[RT].current().container) return null as unknown as Properties;
    return new FakeProperties(this[RT], this.stores.document) as unknown as Properties;
  }

  getScriptProperties(): Properties {
    return new FakeProperties(this[RT], this.stores.script) as unknown as Properties;
  }

  getUserProperties(): Properties {
    return new FakeProperties(this[RT], this.stores.user(this[RT].current().user)) as unknown as Properties;
  }
}

/** https://developers.google.com/apps-script/reference/properties/properties — values are always strings. */
export class FakeProperties extends Fake implements Pick<Properties, (typeof PROPERTIES_METHODS)[number]> {
  constructor(
    rt: Runtime,
    private readonly store: PropertyStore,
  ) {
    super(rt);
  }

  deleteAllProperties(): Properties {
    this.store.data.clear();
    return this.self();
  }

  deleteProperty(key: string): Properties {
    this.store.data.delete(String(key));
    return this.self();
  }

  getKeys(): string[] {
    return [...this.store.data.keys()];
  }

  /** "a copy of all key-value pairs": changing the object does not change the store. */
  getProperties(): { [key: string]: string } {
    return Object.fromEntries(this.store.data);
  }

  getProperty(key: string): string | null {
    return this.store.data.get(String(key)) ?? null;
  }

  setProperties(properties: { [key: string]: string }, deleteAllOthers?: boolean): Properties {
    if (typeof properties !== 'object' || properties === null) throw gasError('Invalid argument: properties');
    const next = new Map(deleteAllOthers ? [] : this.store.data);
    for (const [k, v] of Object.entries(properties)) next.set(String(k), checkValue(v));
    commit(this.store, next);
    return this.self();
  }

  setProperty(key: string, value: string): Properties {
    const next = new Map(this.store.data);
    next.set(String(key), checkValue(value));
    commit(this.store, next);
    return this.self();
  }

  private self(): Properties {
    return this as unknown as Properties;
  }
}

/**
 * "Data types that are not already strings are automatically converted to strings" (guides/properties). An
 * over-size value fails with "Argument too large: value", the wording Apps Script uses for over-size arguments to
 * its storage services; the properties pages give the limit but not the message.
 */
function checkValue(value: unknown): string {
  const text = String(value);
  if (Buffer.byteLength(text) > MAX_VALUE_BYTES) throw gasError('Argument too large: value');
  return text;
}

function commit(store: PropertyStore, next: Map<string, string>): void {
  let total = 0;
  for (const [k, v] of next) total += Buffer.byteLength(k) + Buffer.byteLength(v);
  if (total > MAX_STORE_BYTES) {
    // The service's own message (reported by users hitting the 500 KB store limit).
    throw gasError(
      'You have exceeded the property storage quota. Please remove some properties and try again.',
    );
  }
  store.data.clear();
  for (const [k, v] of next) store.data.set(k, v);
}

instrument(FakePropertiesService, { name: 'PropertiesService', methods: SERVICE_METHODS, access: 'storage' });
instrument(FakeProperties, {
  name: 'Properties',
  qualified: 'PropertiesService.Properties',
  methods: PROPERTIES_METHODS,
  access: 'storage',
});
