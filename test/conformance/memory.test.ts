import { MemoryDocument } from '../../src/hosts/memory/memory-document';
import { dispatchSync } from '../../src/service/rpc';
import { editGrid } from './edit-helpers';
import { registerConformance, type HarnessHost } from './register-conformance';

registerConformance('memory', async (opts) => {
  const doc = new MemoryDocument(() => ({
    user: opts.user,
    timeZone: opts.timeZone,
    locale: 'en_US',
    nowMs: opts.nowMs,
  }));
  const host: HarnessHost = {
    call: async (method, request) => JSON.parse(dispatchSync(doc, method, JSON.stringify(request))),
    dump: async () => JSON.stringify([...doc.tables.entries()]),
    edit: async (e) => editGrid(doc.tables.get(e.sheet)!, e),
  };
  return host;
});
