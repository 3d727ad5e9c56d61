import { gasError } from './errors';
import { Fake, RT, type Execution, type Runtime, instrument } from './runtime';

type Lock = GoogleAppsScript.Lock.Lock;

/** The wait limit used by the emulator: 300000 ms, the same five minutes documented for Utilities.sleep. */
export const MAX_LOCK_WAIT_MS = 300_000;

interface Holder {
  handle: FakeLock;
  execution: number;
}

export class LockState {
  holder: Holder | null = null;
}

export class LockRegistry {
  readonly script = new LockState();
  readonly document = new LockState();
  private readonly users = new Map<string, LockState>();

  user(email: string): LockState {
    let state = this.users.get(email);
    if (!state) {
      state = new LockState();
      this.users.set(email, state);
    }
    return state;
  }

  /** "Locks are released automatically when the script terminates." */
  releaseFor(execution: Execution): void {
    for (const state of [this.script, this.document, ...this.users.values()]) {
      if (state.holder?.execution === execution.id) state.holder = null;
    }
  }
}

const SERVICE_METHODS = ['getDocumentLock', 'getScriptLock', 'getUserLock'] as const;
const LOCK_METHODS = ['hasLock', 'releaseLock', 'tryLock', 'waitLock'] as const;

/** https://developers.google.com/apps-script/reference/lock/lock-service */
export class FakeLockService
  extends Fake
  implements Pick<GoogleAppsScript.Lock.LockService, (typeof SERVICE_METHODS)[number]>
{
  constructor(
    rt: Runtime,
    private readonly registry: LockRegistry,
  ) {
    super(rt);
  }

  /** "...or null if called from a standalone script or web app" — and when there is no active document. */
  getDocumentLock(): Lock {
    if (!this[RT].current().container) return null as unknown as Lock;
    return new FakeLock(this[RT], this.registry.document) as unknown as Lock;
  }

  getScriptLock(): Lock {
    return new FakeLock(this[RT], this.registry.script) as unknown as Lock;
  }

  getUserLock(): Lock {
    return new FakeLock(this[RT], this.registry.user(this[RT].current().user)) as unknown as Lock;
  }
}

/**
 * https://developers.google.com/apps-script/reference/lock/lock. The emulator is single-threaded: while another
 * execution (an outer env.execute) holds the lock it cannot release it during the wait, so waiting always ends in a
 * timeout: the fake clock advances by the full timeout, then tryLock returns false and waitLock throws
 * "Lock timeout: another process was holding the lock for too long." (the service's message). Ownership belongs to
 * the handle that acquired it: a second handle in the same execution waits like anyone else (the reference does not
 * describe re-entrancy, so nested acquisition is treated as the bug it usually is).
 */
export class FakeLock extends Fake implements Pick<Lock, (typeof LOCK_METHODS)[number]> {
  constructor(
    rt: Runtime,
    private readonly state: LockState,
  ) {
    super(rt);
  }

  hasLock(): boolean {
    return this.state.holder?.handle === this;
  }

  /** "This method has no effect if the lock has not been acquired." */
  releaseLock(): void {
    if (this.state.holder?.handle === this) this.state.holder = null;
  }

  tryLock(timeoutInMillis: number): boolean {
    return this.acquire(timeoutInMillis);
  }

  waitLock(timeoutInMillis: number): void {
    if (!this.acquire(timeoutInMillis))
      throw gasError('Lock timeout: another process was holding the lock for too long.');
  }

  private acquire(timeoutInMillis: number): boolean {
    // The limit is not in the reference; waits beyond five minutes are rejected rather than silently shortened.
    if (
      typeof timeoutInMillis !== 'number' ||
      !(timeoutInMillis >= 0) ||
      timeoutInMillis > MAX_LOCK_WAIT_MS
    ) {
      throw gasError('Invalid argument: timeoutInMillis');
    }
    const rt = this[RT];
    // "This method has no effect if the lock has already been acquired."
    if (this.state.holder?.handle === this) return true;
    if (this.state.holder === null) {
      this.state.holder = { handle: this, execution: rt.current().id };
      return true;
    }
    rt.clock.advance(timeoutInMillis);
    rt.checkBudget();
    return false;
  }
}

instrument(FakeLockService, { name: 'LockService', methods: SERVICE_METHODS, access: 'storage' });
instrument(FakeLock, {
  name: 'Lock',
  qualified: 'LockService.Lock',
  methods: LOCK_METHODS,
  access: 'storage',
});
