/**
 * The sidebar's bridges and pure helpers, without a browser: each bridge speaks its host's wire
 * shape and rejects with an RpcError payload; the contract is checked by the compiler.
 */
import { describe, expect, it } from 'vitest';
import type { FieldDef } from '../../src/core/schema';
import type { Rpc } from '../../src/service/rpc-contract';
import type { SchemaInfo } from '../../src/service/register';
import { fetchBridge } from '../../sidebar/bridges/fetch';
import { gasBridge, type ScriptRunner } from '../../sidebar/bridges/gas';
import { inProcessBridge } from '../../sidebar/bridges/in-process';
import { pickBridge } from '../../sidebar/bridges/pick';
import { errorPayloadOf } from '../../sidebar/bridges/rpc-error';
import { checkForSave, draftForNew, draftFromValues } from '../../sidebar/data/draft';
import { findMatches, indexRecord } from '../../sidebar/data/search';
import { pickMessages } from '../../sidebar/i18n';
import { en } from '../../sidebar/i18n/en';

const schemaInfo: SchemaInfo = {
  tables: [],
  user: 'a@x.example',
  today: '2026-03-29',
  timeZone: 'UTC',
  locale: 'en_US',
  capabilities: [],
};

function fakeRunner(
  answer: (method: string, payload: unknown) => string | Error,
  seen: string[] = [],
): ScriptRunner {
  const make = (ok?: (v: unknown) => void, fail?: (e: unknown) => void): ScriptRunner => ({
    withSuccessHandler: (h) => make(h, fail),
    withFailureHandler: (h) => make(ok, h),
    rpc: (method, payloadJson) => {
      seen.push(`${method} ${payloadJson}`);
      const reply = answer(method, JSON.parse(payloadJson));
      setTimeout(() => (reply instanceof Error ? fail?.(reply) : ok?.(reply)), 0);
    },
  });
  return make();
}

describe('sidebar bridges', () => {
  it('calls rpc(method, payloadJson) over google.script.run and unwraps the JSON reply', async () => {
    const seen: string[] = [];
    const rpc = gasBridge(fakeRunner(() => JSON.stringify({ ok: true, value: schemaInfo }), seen));
    await expect(rpc.call('schema', {})).resolves.toEqual(schemaInfo);
    expect(seen).toEqual(['schema {}']);

    const failing = gasBridge(
      fakeRunner(() =>
        JSON.stringify({ ok: false, error: { code: 'not-found', message: 'no PO-9', problems: [] } }),
      ),
    );
    const err = await failing.call('getRecord', { table: 'Purchase Orders', id: 'PO-9' }).catch((e) => e);
    expect(err.name).toBe('RpcError');
    expect(errorPayloadOf(err)).toEqual({ code: 'not-found', message: 'no PO-9', problems: [] });

    const down = gasBridge(fakeRunner(() => new Error('Exceeded maximum execution time')));
    expect(errorPayloadOf(await down.call('schema', {}).catch((e) => e)).message).toBe(
      'Could not reach the register: Exceeded maximum execution time',
    );
  });

  it('posts JSON to /rpc/<method> in the workbench', async () => {
    const requests: { url: string; body: string }[] = [];
    const rpc = fetchBridge('/rpc/', async (url, init) => {
      requests.push({ url: String(url), body: String(init?.body) });
      return new Response(
        JSON.stringify({
          ok: false,
          error: {
            code: 'invalid',
            message: 'bad',
            problems: [{ field: 'Amount', message: 'must be a number' }],
          },
        }),
      );
    });
    const err = await rpc
      .call('createRecord', { table: 'Purchase Orders', values: { Amount: 'x' } })
      .catch((e) => e);
    expect(requests).toEqual([
      { url: '/rpc/createRecord', body: '{"table":"Purchase Orders","values":{"Amount":"x"}}' },
    ]);
    expect(errorPayloadOf(err).problems).toEqual([{ field: 'Amount', message: 'must be a number' }]);
  });

  it('wraps an in-process Rpc, whatever its own error class, and sends plain JSON', async () => {
    const got: unknown[] = [];
    const host: Rpc = {
      async call(_method, request) {
        got.push(request);
        throw Object.assign(new Error('stale'), {
          payload: { code: 'conflict', message: 'stale', problems: [] },
        });
      },
    };
    const err = await inProcessBridge(host)
      .call('updateRecord', { table: 'T', id: 'X-1', values: { A: undefined as unknown as string } })
      .catch((e) => e);
    expect(got).toEqual([{ table: 'T', id: 'X-1', values: {} }]);
    expect(errorPayloadOf(err).code).toBe('conflict');
  });

  it('picks the bridge from what the host put on window', () => {
    const run = fakeRunner(() => '{}');
    const office: Rpc = { call: async () => Promise.reject(new Error('unused')) };
    expect(pickBridge({ google: { script: { run } } }).host).toBe('gas');
    expect(pickBridge({ backofficeRpc: office }).host).toBe('office');
    expect(pickBridge({}).host).toBe('workbench');
    expect(pickBridge({}).navigation).toBeUndefined();
  });

  it('fails to compile a method or request the contract does not have', () => {
    const rpc: Rpc = { call: async () => Promise.reject(new Error('never called')) };
    const compileOnly = () => {
      // @ts-expect-error: a renamed method is a compile error, not a runtime surprise.
      void rpc.call('listRecord', { table: 'Suppliers' });
      // @ts-expect-error: so is a request of the wrong shape.
      void rpc.call('getRecord', { table: 'Suppliers' });
    };
    expect(compileOnly).toBeTypeOf('function');
  });
});

const field = (name: string, type: FieldDef['type'], extra: Partial<FieldDef> = {}): FieldDef => ({
  table: 'T',
  name,
  type,
  required: false,
  choices: [],
  rules: { unique: false, display: false, list: false },
  help: '',
  confidential: false,
  ...extra,
});

describe('sidebar drafts, search and messages', () => {
  const fields = [
    field('Amount', 'currency', { required: true }),
    field('Ordered on', 'date', { default: 'today' }),
    field('Due', 'date', { default: 'today + 30' }),
    field('Owner', 'email', { default: 'me' }),
    field('Due on', 'date', { default: '{Issued on} + {Supplier.Payment terms days}' }),
    field('Status', 'choice', { choices: ['Open', 'Done'], default: 'Open' }),
  ];

  it('prefills the defaults it can know and leaves the rest to the server', () => {
    expect(draftForNew(fields, { today: '2026-03-29', user: 'me@x.example' })).toEqual({
      Amount: '',
      'Ordered on': '2026-03-29',
      Due: '2026-04-28',
      Owner: 'me@x.example',
      'Due on': '',
      Status: 'Open',
    });
  });

  it('sends every filled field on create and only changed fields on edit', () => {
    const created = checkForSave(
      fields,
      { ...draftForNew(fields, { today: '2026-03-29', user: '' }), Amount: '1,234.5' },
      null,
      'is required',
    );
    expect(created.problems.size).toBe(0);
    expect(created.values).toEqual({
      Amount: 1234.5,
      'Ordered on': '2026-03-29',
      Due: '2026-04-28',
      Status: 'Open',
    });

    const base = draftFromValues(fields, { Amount: 5, 'Ordered on': '2026-01-01', Status: 'Open' });
    expect(base.Amount).toBe('5.00');
    const edited = checkForSave(fields, { ...base, Status: 'Done', Due: '' }, base, 'is required');
    expect(edited.values).toEqual({ Status: 'Done' });
    const cleared = checkForSave(fields, { ...base, Amount: '' }, base, 'is required');
    expect([...cleared.problems]).toEqual([['Amount', 'is required']]);
  });

  it('finds records by every term, over what the person sees', () => {
    const info = [
      field('Name', 'text'),
      field('Amount', 'currency'),
      field('Supplier', 'reference', { references: 'S' }),
    ];
    const rec = (id: string, name: string, amount: number) =>
      indexRecord(
        {
          table: 'T',
          id,
          version: 1,
          values: { Name: name, Amount: amount, Supplier: 'SUP-0001' },
          labels: { Supplier: 'Acme Ltd' },
          created: '',
          createdBy: '',
          updated: '',
          updatedBy: '',
        },
        info,
        en,
      );
    const all = [rec('T-1', 'Bolts', 1234.5), rec('T-2', 'Nuts', 10)];
    expect(findMatches(all, '1,234.50', 10).matches.map((r) => r.record.id)).toEqual(['T-1']);
    expect(findMatches(all, 'acme nuts', 10).matches.map((r) => r.record.id)).toEqual(['T-2']);
    expect(findMatches(all, '', 1)).toMatchObject({ total: 2, matches: [{ record: { id: 'T-1' } }] });
  });

  it('picks the language from ?lang= first, then the browser', () => {
    expect(pickMessages('?lang=it', ['en-US']).lang).toBe('it');
    expect(pickMessages('', ['it-IT', 'en']).lang).toBe('it');
    expect(pickMessages('?lang=fr', ['de-DE']).lang).toBe('en');
  });
});
