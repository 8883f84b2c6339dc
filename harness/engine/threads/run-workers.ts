/**
 * Real threads for the L6 tests: `withThreads` starts one worker per `ThreadSpec`, each
 * playing a role against the tree's `SharedBoundedBuffer` in shared memory (./worker.mjs),
 * and always terminates them all when the test is done, even those still blocked in
 * `Atomics.wait`. An error thrown in a thread is rethrown in the test with the same name,
 * message and stack, so a stub fails with NotImplementedError there too. `finished` is a
 * liveness watchdog, not a performance check: every thread counts each value it moves in a
 * shared progress word, and the watchdog fails, naming the threads that are still blocked
 * and in which call, only when that word has stopped moving (and no thread finished) for a
 * bound scaled to the machine's load. A slow run on a busy machine keeps moving, so it is
 * never a verdict however long it takes.
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { fail } from '../../testing/failures.ts';
import { loadScale } from '../load.ts';
import type { Message, ThreadResult, ThreadSpec } from './roles.ts';

export interface ThreadsOptions {
  /** Absolute path of the tree's `02-thread-safety/shared-buffer.ts`. */
  readonly modulePath: string;
  /** The buffer's memory, for every role but `creator`. */
  readonly memory?: SharedArrayBuffer;
  readonly threads: readonly ThreadSpec[];
}

export interface Watchdog {
  /** How long the threads may go without moving a value or finishing, from now (scaled by the machine's load). */
  readonly limitMs: number;
  /** What "now" is, for the message: `close()`, `they started`. */
  readonly since: string;
  /** What the code under test must do so that the threads finish. */
  readonly advice: string;
  /**
   * Says, from the threads finished so far, that the others cannot finish any more (every
   * consumer has stopped, so no one will free a blocked producer): returns the reason, such
   * as `every consumer had finished`, and the others then get `DOOMED_GRACE_MS` more only.
   */
  readonly doomedWhen?: (finished: ReadonlyMap<string, ThreadResult>) => string | undefined;
  /**
   * Called when time is up, with the results of the threads that did finish and what is
   * wrong with the others (`2 consumer threads (c1, c2) were still blocked in take() 5 s
   * after close()`): it may fail with something more telling (values that the finished
   * consumers received twice, say) before the watchdog fails with that and the advice.
   */
  readonly onExpired?: (finished: ReadonlyMap<string, ThreadResult>, stuck: string) => void;
}

const WORKER_SCRIPT = fileURLToPath(new URL('./worker.mjs', import.meta.url));
/** Loading the tree in a fresh thread takes a fraction of a second; this is the limit for all of them. */
const START_LIMIT_MS = 20_000;
/** How long threads get once `doomedWhen` says they cannot finish: enough to finish a call under way. */
const DOOMED_GRACE_MS = 1_000;
/** How often the watchdog looks at the progress word. */
const LOOK_MS = 50;

const BLOCKING_CALL = { producer: 'put()', consumer: 'take()', creator: 'SharedBoundedBuffer.create()' } as const;

export class Threads {
  readonly #specs: readonly ThreadSpec[];
  readonly #workers: Worker[];
  /** Threads wait on its word 0 until every one has attached; 1 lets them all go. */
  readonly #gate = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  /** Every thread adds 1 for each value it puts or takes. */
  readonly #progress = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  readonly #ready = new Set<string>();
  readonly #started = new Set<string>();
  readonly #results = new Map<string, ThreadResult>();
  #failure: Error | undefined;
  #onChange: () => void = () => {};

  constructor(options: ThreadsOptions) {
    this.#specs = options.threads;
    this.#workers = options.threads.map((spec) => this.#spawn(spec, options));
  }

  /** Resolves once every thread (but a creator) is about to make its first call that may block. */
  async started(): Promise<void> {
    const limit = new Limit(START_LIMIT_MS, 'they were created', () => this.#started.size);
    try {
      const all = this.#until(() => this.#specs.every((spec) => !attaches(spec) || this.#started.has(spec.name)));
      if ((await Promise.race([all, limit.expired])) === 'expired') {
        const late = this.#specs.filter((spec) => attaches(spec) && !this.#started.has(spec.name)).map((spec) => spec.name);
        fail(`${late.join(', ')} had not loaded the tree and attached to the buffer ${limit} after ${limit.since}`);
      }
    } finally {
      limit.clear();
    }
  }

  /** Every thread's result by name, once all have finished; fails when the watchdog's limit passes first. */
  async finished(watchdog: Watchdog): Promise<Map<string, ThreadResult>> {
    const limit = new Limit(watchdog.limitMs, watchdog.since, () => Atomics.load(this.#progress, 0) + this.#results.size);
    try {
      const all = this.#until(() => {
        if (this.#results.size === this.#specs.length) return true;
        const doomed = limit.since === watchdog.since ? watchdog.doomedWhen?.(this.#results) : undefined;
        if (doomed) limit.restart(DOOMED_GRACE_MS, doomed);
        return false;
      });
      if ((await Promise.race([all, limit.expired])) === 'expired') {
        const stuck = `${this.#stuckThreads()}, and no value moved for ${limit} after ${limit.since}`;
        watchdog.onExpired?.(new Map(this.#results), stuck);
        fail(`${stuck}: ${watchdog.advice}`);
      }
      return new Map(this.#results);
    } finally {
      limit.clear();
    }
  }

  /** Ends every thread, blocked or not. */
  async terminate(): Promise<void> {
    await Promise.all(this.#workers.map((worker) => worker.terminate()));
  }

  #spawn(spec: ThreadSpec, options: ThreadsOptions): Worker {
    const { modulePath, memory } = options;
    const workerData = { modulePath, memory, gate: this.#gate.buffer, progress: this.#progress.buffer, role: spec.role };
    const worker = new Worker(WORKER_SCRIPT, { workerData });
    worker.on('message', (message: Message) => {
      if (message.type === 'ready' && this.#ready.add(spec.name).size === this.#specs.filter(attaches).length) {
        Atomics.store(this.#gate, 0, 1);
        Atomics.notify(this.#gate, 0);
      }
      if (message.type === 'started') this.#started.add(spec.name);
      if (message.type === 'done') this.#results.set(spec.name, message.result);
      if (message.type === 'error') this.#fail(rebuilt(message, spec.name));
      this.#onChange();
    });
    worker.on('error', (error) => this.#fail(error));
    worker.on('exit', (code) => {
      if (!this.#results.has(spec.name)) this.#fail(new Error(`thread ${spec.name} exited with code ${code} before it finished`));
    });
    return worker;
  }

  #fail(error: Error): void {
    this.#failure ??= error;
    this.#onChange();
  }

  /** Resolves when `done()` holds, rejects with the first error any thread reported. */
  #until(done: () => boolean): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.#failure) reject(this.#failure);
        else if (done()) resolve();
      };
      const previous = this.#onChange;
      this.#onChange = () => {
        previous();
        check();
      };
      check();
    });
  }

  /** `2 consumer threads (c1, c2) were still blocked in take()`, for every role that has some. */
  #stuckThreads(): string {
    const stuck = this.#specs.filter((spec) => !this.#results.has(spec.name));
    const roles = [...new Set(stuck.map((spec) => spec.role.role))];
    const groups = roles.map((role) => {
      const names = stuck.filter((spec) => spec.role.role === role).map((spec) => spec.name);
      const threads = `${names.length} ${role} thread${names.length === 1 ? '' : 's'} (${names.join(', ')})`;
      return `${threads} ${names.length === 1 ? 'was' : 'were'} still blocked in ${BLOCKING_CALL[role]}`;
    });
    return groups.join(' and ');
  }
}

/**
 * A bound on the absence of progress: `expired` resolves once `progress()` has not changed for
 * `ms` (times the machine's load scale, measured when it starts). It can be restarted with a
 * new length and reason.
 */
class Limit {
  readonly expired: Promise<'expired'>;
  readonly #progress: () => number;
  #expire: () => void = () => {};
  #timer: NodeJS.Timeout | undefined;
  #ms = 0;
  #since = '';

  constructor(ms: number, since: string, progress: () => number) {
    this.expired = new Promise((resolve) => {
      this.#expire = () => resolve('expired');
    });
    this.#progress = progress;
    this.restart(ms, since);
  }

  get since(): string {
    return this.#since;
  }

  restart(ms: number, since: string): void {
    this.clear();
    this.#ms = Math.round(ms * loadScale());
    this.#since = since;
    let seen = this.#progress();
    let quietSince = performance.now();
    this.#timer = setInterval(() => {
      const now = this.#progress();
      if (now !== seen) [seen, quietSince] = [now, performance.now()];
      else if (performance.now() - quietSince >= this.#ms) this.#expire();
    }, LOOK_MS);
  }

  clear(): void {
    clearInterval(this.#timer);
  }

  /** `10 s`, `1.5 s`. */
  toString(): string {
    return `${Math.round(this.#ms / 100) / 10} s`;
  }
}

/** Runs `body` with the threads started, and terminates every one of them afterwards, whatever happened. */
export async function withThreads<T>(options: ThreadsOptions, body: (threads: Threads) => Promise<T>): Promise<T> {
  const threads = new Threads(options);
  try {
    return await body(threads);
  } finally {
    await threads.terminate();
  }
}

/** Whether the thread attaches to the test's buffer (a creator makes its own). */
function attaches(spec: ThreadSpec): boolean {
  return spec.role.role !== 'creator';
}

/** The error a thread reported, as an Error of the same name, message and stack. */
function rebuilt(report: Extract<Message, { type: 'error' }>, thread: string): Error {
  const error = new Error(report.message);
  error.name = report.name;
  const frames = report.stack.split('\n').filter((line) => line.trimStart().startsWith('at '));
  error.stack = [`${report.name}: ${report.message}`, ...frames, `    (thrown in worker thread ${thread})`].join('\n');
  return error;
}
