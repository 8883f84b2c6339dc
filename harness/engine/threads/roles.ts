/**
 * What the threads of an L6 test do and report (./worker.mjs plays the roles). A plain
 * script cannot import these types: keep the two in step.
 */

export type Role =
  /** Puts `count` values from `first` upwards, then `stopValue` if given; stops at a refused put. */
  | { readonly role: 'producer'; readonly first: number; readonly count: number; readonly stopValue?: number; readonly timeoutMs?: number }
  /** Takes until it receives `stopValue`, until take() returns undefined, or until it has `max` values. */
  | { readonly role: 'consumer'; readonly stopValue?: number; readonly max?: number; readonly timeoutMs?: number }
  /** Creates a buffer in the thread and offers it `values`; the test attaches to its memory. */
  | { readonly role: 'creator'; readonly capacity: number; readonly values: readonly number[] };

export interface ThreadSpec {
  /** How failure messages name the thread: `p1`, `c2`. */
  readonly name: string;
  readonly role: Role;
}

export interface ProducerResult {
  readonly role: 'producer';
  /** How many values put() accepted, and their sum as an int32. */
  readonly put: number;
  readonly checksum: number;
  /** Whether a put() returned false (the run stops there). */
  readonly refused: boolean;
  readonly elapsedMs: number;
}

export interface ConsumerResult {
  readonly role: 'consumer';
  /** The values received, in the order take() returned them. */
  readonly values: Int32Array;
  readonly checksum: number;
  readonly ended: 'stop' | 'undefined' | 'max';
  readonly elapsedMs: number;
}

export interface CreatorResult {
  readonly role: 'creator';
  readonly memory: SharedArrayBuffer;
  /** What offer() returned for each value. */
  readonly offered: boolean[];
  readonly size: number;
}

export type ThreadResult = ProducerResult | ConsumerResult | CreatorResult;

/** What a thread posts to the test. */
export type Message =
  | { readonly type: 'ready' }
  | { readonly type: 'started' }
  | { readonly type: 'done'; readonly result: ThreadResult }
  | { readonly type: 'error'; readonly name: string; readonly message: string; readonly stack: string };
