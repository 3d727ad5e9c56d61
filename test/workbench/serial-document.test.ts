/**
 * The workbench shares one local document between overlapping requests (a merge taking the lock per
 * mail while the sidebar saves a record). Without the queue in serial-document.ts, a request arriving
 * while another holds the lock skips the lock file and its save is refused.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLocalDocument } from '../../src/hosts/local';
import { setupRegister } from '../../src/service/register';
import { dispatchAsync } from '../../src/service/rpc';
import { runAsync } from '../../src/service/use-case';
import { serializeLocks } from '../../src/workbench/serial-document';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'workbench-serial-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('serializeLocks', () => {
  it('lets overlapping writes on one local document all succeed, one after another', async () => {
    const local = openLocalDocument(path.join(dir, 'register.xlsx'), { user: 'carla@backoffice.example' });
    await runAsync(local, setupRegister({ sample: true }));
    const doc = serializeLocks(local);
    const replies = [];
    for (let i = 0; i < 6; i++) {
      replies.push(
        dispatchAsync(doc, 'createRecord', {
          table: 'Suppliers',
          values: { Name: `Overlap ${i}`, Email: `overlap${i}@example.com` },
        }),
      );
      // Each next request starts while the earlier ones are mid-way (reading, deciding, saving).
      for (let t = 0; t < 20; t++) await nextTurn();
    }
    const done = await Promise.all(replies);
    expect(done.map((r) => (r.ok ? 'ok' : r.error.message))).toEqual(Array(6).fill('ok'));
    const ids = done.map((r) => (r.ok ? (r.value as { id: string }).id : ''));
    expect(new Set(ids).size).toBe(6);
  });

  it('runs nested lock calls of one operation inside it, and keeps the document kind and env', async () => {
    const local = openLocalDocument(path.join(dir, 'nested.xlsx'), { user: 'carla@backoffice.example' });
    const doc = serializeLocks(local);
    expect(doc.kind).toBe('local');
    expect(doc.env().user).toBe('carla@backoffice.example');
    const order: string[] = [];
    await doc.withLock(async () => {
      order.push('outer');
      await doc.withLock(async () => order.push('inner'));
    });
    expect(order).toEqual(['outer', 'inner']);
  });
});
