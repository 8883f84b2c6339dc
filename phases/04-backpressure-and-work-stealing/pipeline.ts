/**
 * Phase 4: a pipeline of named stages, each with a bounded buffer in front and a few async
 * workers. Read ./README.md first.
 *
 * Items flow put() → stage 1 → stage 2 → ... → the reader (`for await (const out of pipeline)`),
 * and every hand-off waits while the buffer ahead is full: that is backpressure, end to end.
 * Your phase 3 ManagedBuffer (import it from ../03-strategies-and-shutdown/managed-buffer.ts)
 * makes a good stage buffer: its put/take/close/drained/stats already do most of the work.
 */
import type { WaitOptions } from '../contract.ts';
import { NotImplementedError } from '../errors.ts';

/** What a handler learns about the call besides the item. */
export interface StageContext {
  /** The stage's name. */
  readonly stage: string;
  /** Which of the stage's workers makes the call, from 0. */
  readonly worker: number;
}

export interface StageOptions {
  /** Names the stage in metrics() and deadLetters: a non-empty string, unique in the pipeline. */
  readonly name: string;
  /**
   * Turns an item into the next stage's item (sync or async). Returning undefined filters the
   * item out; throwing or rejecting sends it to deadLetters. Declared as a method so that a
   * handler may type its parameter: `handler: async (line: string) => line.length`.
   */
  handler(item: unknown, context: StageContext): unknown;
  /** How many items the stage handles at once. @default 1 */
  readonly workers?: number;
  /** How many items wait in the buffer in front of the stage. @default 16 */
  readonly capacity?: number;
}

export interface PipelineOptions {
  /** The stages, first to last; at least one. */
  readonly stages: readonly StageOptions[];
  /** How many outputs wait for the reader. @default 16 */
  readonly outputCapacity?: number;
  /** The clock for throughput, in milliseconds. @default performance.now */
  readonly now?: () => number;
}

/** An item whose handler threw, where, and what it threw. */
export interface DeadLetter {
  readonly item: unknown;
  readonly stage: string;
  readonly error: unknown;
}

export interface StageMetrics {
  readonly stage: string;
  /** Items waiting in the stage's buffer. */
  readonly size: number;
  readonly capacity: number;
  /** The largest size the buffer ever reached. */
  readonly highWaterMark: number;
  /** Handler calls that returned (filtered ones included). */
  readonly processed: number;
  /** Handler calls that threw: their items are in deadLetters. */
  readonly failed: number;
  /** Handler calls that returned undefined. */
  readonly filtered: number;
  /** Items the workers hold: being handled, or handled and waiting for room downstream. */
  readonly inFlight: number;
  /** processed per second, from the start of the first call to now (or to the stage's end). */
  readonly throughput: number;
}

export class Pipeline<In = unknown, Out = unknown> implements AsyncIterable<Out> {
  // TODO: per stage its buffer, handler, worker count and counters (processed, failed,
  // filtered, inFlight, when its first call started, when it finished); the output buffer
  // the reader takes from; the clock; the dead letters; the promise close() returns.

  /**
   * Starts every stage's workers at once; they wait for items.
   * @throws TypeError for an empty `stages`, a stage name that is empty or used twice, a
   *   handler that is not a function; RangeError for `workers` that is not a positive
   *   integer, a `capacity` or `outputCapacity` that is not an integer from 1 to 2^30.
   *   Each message names the option (such as `stages[1].workers`) and the value.
   */
  constructor(options: PipelineOptions) {
    // TODO: validate everything before creating anything (`checkCapacity(value, name)` from
    // ../contract.ts takes the name to put in its message). Defaults: 1 worker, capacity 16.
    // Each worker loops: take an item, call the handler, hand the result on. When a stage's
    // buffer is closed and empty and ALL its workers are done, close the next buffer.
    throw new NotImplementedError('Pipeline constructor');
  }

  /** True once close() was called (or run() finished feeding). */
  get closed(): boolean {
    // TODO
    throw new NotImplementedError('Pipeline.closed');
  }

  /** A copy of the dead letters so far ({ item, stage, error }), in the order the handlers threw. */
  get deadLetters(): readonly DeadLetter[] {
    // TODO
    throw new NotImplementedError('Pipeline.deadLetters');
  }

  /**
   * Feeds `item` to the first stage, waiting while its buffer is full. Rejects with
   * BufferClosedError after close(), TimeoutError or `signal.reason` when it gives up (the
   * item then never entered), TypeError for undefined.
   */
  put(item: In, options: WaitOptions = {}): Promise<void> {
    // TODO
    throw new NotImplementedError('Pipeline.put');
  }

  /**
   * Stops accepting items (idempotent) and lets every stage finish, first to last. Settles
   * once every item put has been read from the pipeline, dead-lettered or filtered out.
   */
  close(): Promise<void> {
    // TODO: close the FIRST buffer only; the stages close the rest one after the other.
    throw new NotImplementedError('Pipeline.close');
  }

  /** Like stream.pipeline(): puts every item of `source`, closes, and settles when all is done. */
  async run(source: Iterable<In> | AsyncIterable<In>): Promise<void> {
    // TODO: close even when the source throws, so nothing is left waiting.
    throw new NotImplementedError('Pipeline.run');
  }

  /** One entry per stage, first to last. */
  metrics(): StageMetrics[] {
    // TODO: throughput is processed / seconds since the first call started, 0 when no time passed.
    throw new NotImplementedError('Pipeline.metrics');
  }

  /** The outputs of the last stage, until the pipeline is closed and everything was read. */
  [Symbol.asyncIterator](): AsyncIterator<Out> {
    // TODO
    throw new NotImplementedError('Pipeline[Symbol.asyncIterator]');
  }
}
