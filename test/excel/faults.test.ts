/**
 * The kill fault suites (test/merge/faults.test.ts, test/chase/faults.test.ts) for the Excel host: a
 * 20-mail merge and a 10-mail chase run from the task pane, killed at every step, then run again from
 * a pane opened anew. After the rerun: no record ever received a mail twice; every record's mail is
 * SENT, or held in SENDING for review; at most one is held per kill, the one in flight; and the
 * rerun's `stuck` lists exactly the held ones.
 *
 * A kill in Excel is the person closing the task pane (or Excel) mid-run: from that moment nothing of
 * the run reaches the workbook or Microsoft Graph, whatever the code would still like to do (no catch,
 * no finally gets through). Each of the pane's I/O steps can be cut at two moments, and both are
 * tried, from outside the product code:
 * - a `context.sync()` (the Excel.run handed to ExcelDocument wraps every request context's `sync`):
 *   killed before the batch reached Excel (the batch is lost) or after Excel applied it, before the
 *   pane heard back;
 * - a Graph request of the real GraphMailer (its `fetch` option): killed before the request left, or
 *   after the fake Graph took it (the draft made, the mail sent) and before the answer arrived.
 * The steps are those of a clean run, counted first. Every kill starts from the same seeded workbook
 * (the emulator's exported state). The reopened pane has another pane ID, so a marker the killed pane
 * left is foreign to it: a run started at once is refused as busy (exactly when a marker was left),
 * and one started more than FOREIGN_MARKER_MAX_AGE_MS later takes over
 * (src/hosts/excel/merge-runtime.ts).
 *
 * Many kills leave the same world behind (killed after a read is killed before it; killed before a
 * step is killed after the one before): since nothing of a run gets through after its kill, what the
 * reopened pane finds, and so the rerun, depends on that world alone. Each different world is run
 * into once and run again (about three per mail: SENDING written, draft made, mail sent), and each of
 * those runs checks that its kill left exactly the world the clean run predicted; every kill counts
 * with its world's outcome. That keeps all the kills of both runs to about 15 s.
 */
import { describe, expect, it } from 'vitest';
import { ExcelDocument, excelMergeRuntime, GraphMailer, type ExcelRun } from '../../src/hosts/excel';
import { FOREIGN_MARKER_MAX_AGE_MS } from '../../src/hosts/excel/merge-runtime';
import type { ChaseOverview, ChaseRunResult } from '../../src/service/chase';
import type { MergeRunInfo, MergeSendResult, MergeStatusResult } from '../../src/service/merge';
import { dispatchAsync } from '../../src/service/rpc';
import { at, lateOrders, poId, supplierEmail, ZONE } from '../chase/harness';
import { must, type Call } from '../chase/scenario';
import { createExcelEmulator, type ExcelEmulator, type WorkbookState } from '../fakes/excel';
import { START, USER, type MergeHarness } from '../merge/harness';
import { Killed } from '../merge/kill';
import { customerId, email, seedRegister, TEMPLATE } from '../merge/merge-behaviour';
import { excelHarness, useFakeGraph } from './harness';

/** The chase run's Monday: suppliers' orders were due on the Friday before. */
const TODAY = '2026-02-16';
/** How long the reopened pane waits before its rerun: the killed pane's marker is stale by then. */
const LATER = FOREIGN_MARKER_MAX_AGE_MS + 60_000;

const fakeGraph = useFakeGraph();

/** Where a run dies: at its n-th sync or n-th Graph request, before it takes effect or after. */
interface Kill {
  on: 'sync' | 'graph';
  step: number;
  after: boolean;
}

const describeKill = (k: Kill) => `${k.after ? 'after' : 'before'} ${k.on} ${k.step}`;

/** Run IDs and Message-IDs differ from run to run; what a kill leaves behind does not depend on them. */
const RANDOM_IDS = /excel:pane-\d+\/[0-9a-z]+\/[0-9a-z]+|<[^<>\s"\\]+@[^<>\s"\\]+>/g;

/**
 * One pane's I/O, counted: every `context.sync()` and every Graph request. At the kill and from then
 * on, nothing of it gets through. What the run has left behind at the kill (the workbook, and how
 * many Graph requests took effect) is its `world`; a clean run records the world after each step.
 */
class Killer {
  syncs = 0;
  requests = 0;
  /** Graph requests that took effect: each made a draft or sent a mail. */
  private done = 0;
  dead = false;
  /** The world at the kill. */
  killedIn = '';
  /** A clean run's steps in order, and the world after each. */
  readonly steps: { on: Kill['on']; step: number; world: string }[] = [];

  constructor(
    private readonly xl: ExcelEmulator,
    private readonly kill?: Kill,
  ) {}

  world(): string {
    return `${this.done} Graph requests; ${JSON.stringify(this.xl.exportState()).replace(RANDOM_IDS, '#')}`;
  }

  /** Excel.run over the emulator, with every `context.sync()` of every batch going through `cut`. */
  readonly run: ExcelRun = (batch) =>
    this.xl.run((ctx) => {
      const sync = ctx.sync.bind(ctx);
      ctx.sync = <T>(value?: T) => this.cut('sync', ++this.syncs, () => sync(value));
      return batch(ctx);
    });

  /** GraphMailer's fetch: after the kill's request took effect, its answer is read and dropped. */
  readonly fetch: typeof fetch = (input, init) =>
    this.cut(
      'graph',
      ++this.requests,
      () => globalThis.fetch(input, init),
      (res) => res.arrayBuffer(),
    );

  private async cut<T>(
    on: Kill['on'],
    step: number,
    real: () => Promise<T>,
    drain?: (out: T) => Promise<unknown>,
  ): Promise<T> {
    if (this.dead) throw new Killed();
    const k = this.kill;
    const here = k?.on === on && k.step === step;
    if (here) {
      this.dead = true;
      if (!k.after) return this.die();
    }
    const out = await real();
    if (on === 'graph') this.done++;
    if (here) {
      await drain?.(out);
      return this.die();
    }
    if (!k) this.steps.push({ on, step, world: this.world() });
    return out;
  }

  private die(): never {
    this.killedIn = this.world();
    throw new Killed();
  }
}

/** A run of mails to kill, and how to read back what its records' mails came to. */
interface Scenario {
  name: string;
  mails: number;
  start: number;
  method: string;
  request: Record<string, unknown>;
  /** Seeds a register from which a run sends `mails` mails. */
  seed(h: MergeHarness, mails: number): Promise<void>;
  /** The record and the address of mail i, 1-based. */
  mail(i: number): { id: string; to: string };
  /** The marker of a run in progress, as the pane shows it. */
  running(call: Call): Promise<MergeRunInfo | null>;
}

const merge: Scenario = {
  name: 'merge',
  mails: 20,
  start: START,
  method: 'mergeSend',
  request: { template: TEMPLATE },
  seed: seedRegister,
  mail: (i) => ({ id: customerId(i), to: email(i) }),
  running: async (call) => (await must<MergeStatusResult>(call, 'mergeStatus', {})).running,
};

const chase: Scenario = {
  name: 'chase',
  mails: 10,
  start: at(TODAY, '09:00:00'),
  method: 'chaseRun',
  request: { today: TODAY },
  seed: async (h, mails) => {
    await must(h.call, 'setupRegister', {});
    const { suppliers, orders } = lateOrders(mails);
    await h.seed('Suppliers', suppliers);
    await h.seed('Purchase Orders', orders);
  },
  mail: (i) => ({ id: poId(i), to: supplierEmail(i) }),
  running: async (call) => (await must<ChaseOverview>(call, 'chasePlan', { today: TODAY })).running,
};

/** A task pane over `xl`: a fresh ExcelDocument per call, one GraphMailer, its own pane ID. */
function pane(xl: ExcelEmulator, id: string, clock: () => number, killer?: Killer): Call {
  const mailer = new GraphMailer({
    baseUrl: fakeGraph().url,
    getToken: async () => 'token-1',
    sleep: async () => undefined,
    now: clock,
    ...(killer ? { fetch: killer.fetch } : {}),
  });
  const run = killer?.run ?? xl.run;
  const doc = () => new ExcelDocument({ run, user: USER, timeZone: ZONE, locale: 'en_US', now: clock });
  return (method, request) =>
    dispatchAsync(doc(), method, request, { mailer, runtime: { ...excelMergeRuntime(id), clock } });
}

async function seeded(s: Scenario): Promise<WorkbookState> {
  const h = await excelHarness(fakeGraph(), s.start);
  await s.seed(h, s.mails);
  return h.xl.exportState();
}

interface Outcome {
  killer: Killer;
  /** The mails held in SENDING after the rerun, and how many times each went out. */
  held: { id: string; times: number }[];
  /** Whether the reopened pane's first try was refused because of the killed pane's marker. */
  refused: boolean;
}

/**
 * Run `s` on a copy of `state` in pane 1, killed at `kill` (none: a clean run); then, in pane 2, try
 * again at once and once more an hour later, and check the exactly-once rules.
 */
async function attempt(s: Scenario, state: WorkbookState, kill?: Kill): Promise<Outcome> {
  const label = kill ? `${s.name} killed ${describeKill(kill)}` : `${s.name}, clean`;
  const xl = createExcelEmulator({ state });
  let now = s.start;
  const clock = () => now;
  const killer = new Killer(xl, kill);
  const graph = fakeGraph();
  const delivered = graph.delivered.length;
  const first = await pane(xl, 'pane-1', clock, killer)(s.method, s.request);
  expect(first.ok, `${label}: ${JSON.stringify(first.error)}`).toBe(!kill);
  expect(killer.dead, label).toBe(!!kill);
  let rerun = first.value as MergeSendResult | ChaseRunResult;
  let refused = false;
  const reopened = pane(xl, 'pane-2', clock);
  if (kill) {
    // The marker the killed pane left, if any, keeps a run started at once out...
    const marker = await s.running(reopened);
    const early = await reopened(s.method, s.request);
    refused = !early.ok;
    expect(refused, `${label}: refused while the marker ${JSON.stringify(marker)} is fresh`).toBe(
      marker !== null,
    );
    if (refused) expect(early.error).toMatchObject({ code: 'busy' });
    // ...until it is older than a foreign marker can be alive.
    now += LATER;
    rerun = await must(reopened, s.method, s.request);
  }

  const got = new Map<string, number>();
  for (const d of graph.delivered.slice(delivered))
    for (const a of d.message.to) got.set(a, (got.get(a) ?? 0) + 1);
  const log = await must<MergeStatusResult>(reopened, 'mergeStatus', { limit: 2000 });
  const states = new Map<string, string>();
  for (const row of [...log.rows].reverse()) for (const id of row.recordIds) states.set(id, row.state);
  const held: Outcome['held'] = [];
  for (let i = 1; i <= s.mails; i++) {
    const { id, to } = s.mail(i);
    const times = got.get(to) ?? 0;
    expect(times, `${label}: ${to} got ${times} mails`).toBeLessThanOrEqual(1);
    if (states.get(id) === 'SENDING') held.push({ id, times });
    else {
      expect(states.get(id), `${label}: ${id}`).toBe('SENT');
      expect(times, `${label}: ${id} is SENT`).toBe(1);
    }
  }
  expect(got.size, `${label}: mail to someone else`).toBe(s.mails - held.filter((h) => h.times === 0).length);
  expect(held.length, `${label}: mails held in SENDING`).toBeLessThanOrEqual(1);
  expect(rerun.stuck, `${label}: stuck`).toHaveLength(held.length);
  if (held[0]) expect(rerun.stuck[0], `${label}: stuck`).toContain(held[0].id);
  return { killer, held, refused };
}

/**
 * Kill `s` at every sync and Graph request of a clean run, before and after. Two kills that leave the
 * same world behind (the same workbook, the same Graph requests taken) are the same test: the
 * reopened pane cannot tell them apart. So each world is killed into once, by the first kill that
 * leaves it (Graph kills first), which checks that its run left what the clean run predicted; the
 * other kills of that world count with its outcome.
 */
async function killEverywhere(s: Scenario): Promise<void> {
  const state = await seeded(s);
  const { killer } = await attempt(s, state);
  const syncs = killer.syncs;
  const requests = killer.requests;
  expect(requests, 'a draft and a send per mail').toBe(s.mails * 2);
  expect(syncs).toBeGreaterThan(s.mails * 2);
  expect(killer.steps).toHaveLength(syncs + requests);
  const worlds = new Map<string, { before: string; after: string }>();
  killer.steps.forEach(({ on, step, world }, i) =>
    worlds.set(`${on} ${step}`, {
      before: killer.steps[i - 1]?.world ?? new Killer(createExcelEmulator({ state })).world(),
      after: world,
    }),
  );
  const kills: Kill[] = [];
  for (const [on, steps] of [
    ['graph', requests],
    ['sync', syncs],
  ] as const)
    for (let step = 1; step <= steps; step++)
      for (const after of [false, true]) kills.push({ on, step, after });

  const outcomes = new Map<string, Outcome>();
  let held = 0;
  let refused = 0;
  for (const kill of kills) {
    const world = worlds.get(`${kill.on} ${kill.step}`)![kill.after ? 'after' : 'before'];
    let out = outcomes.get(world);
    if (!out) {
      out = await attempt(s, state, kill);
      expect(
        out.killer.killedIn === world,
        `${s.name} killed ${describeKill(kill)}: left what the clean run did`,
      ).toBe(true);
      outcomes.set(world, out);
    }
    held += out.held.length;
    if (out.refused) refused++;
    if (kill.on === 'graph') {
      // Each mail is two requests, a draft then its send: the mail in flight is held, and it went
      // out only when Graph took its send.
      expect(out.held, `${describeKill(kill)}: the mail in flight is held`).toHaveLength(1);
      expect(out.held[0]!.times, `${describeKill(kill)}: the held mail went`).toBe(
        kill.after && kill.step % 2 === 0 ? 1 : 0,
      );
    }
  }
  console.log(
    `Excel ${s.name} kills: ${syncs} syncs and ${requests} Graph requests of a clean run, each killed before and after (${kills.length} kills, leaving ${outcomes.size} different worlds, each run again); ${held} held the mail in flight in SENDING; ${refused} reruns refused as busy while the killed pane's marker was fresh`,
  );
  // Every Graph kill holds its mail, and so does every sync kill between a SENDING write and the next.
  expect(held).toBeGreaterThanOrEqual(requests * 2 + s.mails * 2);
  expect(refused).toBeGreaterThan(kills.length / 2);
  expect(outcomes.size).toBeGreaterThanOrEqual(requests + 2);
}

describe('faults: Excel task pane closed at every step of a run, then opened again', () => {
  it('a 20-mail merge: at every sync and every Graph request, before and after it took effect', () =>
    killEverywhere(merge));

  it('a 10-mail chase run: at every sync and every Graph request, before and after it took effect', () =>
    killEverywhere(chase));
});
