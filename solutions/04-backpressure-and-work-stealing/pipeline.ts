/**
 * Phase 4: a pipeline of named stages, each a bounded buffer drained by a few async workers.
 *
 * How it works: every stage owns a ManagedBuffer. Its workers take an item, call the
 * handler, and put the result into the next stage's buffer; the last stage puts into the
 * output buffer that `for await (const out of pipeline)` reads. Each of those puts waits
 * while the buffer ahead is full, so a slow stage (or a reader that stops reading) fills the
 * buffers behind it one by one until `put` itself waits: backpressure reaches the producer.
 * A handler that throws sends its item to the dead letters; one that returns undefined
 * filters it out. close() closes the first buffer only. A stage whose buffer is closed and
 * empty and whose workers have all finished (nothing left in hand) closes the buffer after
 * it, and so on down to the output: close() settles once the output is closed and read.
 * Invariant, between any two awaits: items put = items in buffers + items held by workers
 * (`inFlight`) + items in the output or read from it + dead letters + filtered items.
 */
import { ManagedBuffer } from '../03-strategies-and-shutdown/managed-buffer.ts';
import { checkCapacity, type WaitOptions } from '../contract.ts';

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

interface Stage {
  readonly name: string;
  readonly handler: (item: unknown, context: StageContext) => unknown;
  readonly workers: number;
  readonly buffer: ManagedBuffer<unknown>;
  processed: number;
  failed: number;
  filtered: number;
  inFlight: number;
  startedAt?: number;
  finishedAt?: number;
}

const DEFAULT_CAPACITY = 16;

export class Pipeline<In = unknown, Out = unknown> implements AsyncIterable<Out> {
  readonly #stages: readonly Stage[];
  readonly #output: ManagedBuffer<Out>;
  readonly #now: () => number;
  readonly #deadLetters: DeadLetter[] = [];
  readonly #done: Promise<void>;

  /** @throws TypeError or RangeError naming the option and the value, for any bad option. */
  constructor({ stages, outputCapacity = DEFAULT_CAPACITY, now = () => performance.now() }: PipelineOptions) {
    checkStages(stages);
    checkCapacity(outputCapacity, 'outputCapacity');
    if (typeof now !== 'function') throw new TypeError(`now must be a function returning milliseconds, got ${typeof now}`);
    this.#now = now;
    this.#stages = stages.map(({ name, handler, workers = 1, capacity = DEFAULT_CAPACITY }) => {
      const buffer = new ManagedBuffer<unknown>({ capacity });
      return { name, handler, workers, buffer, processed: 0, failed: 0, filtered: 0, inFlight: 0 };
    });
    this.#output = new ManagedBuffer<Out>({ capacity: outputCapacity });
    this.#stages.forEach((stage, index) => {
      const next = this.#stages[index + 1]?.buffer ?? (this.#output as ManagedBuffer<unknown>);
      const workers = Array.from({ length: stage.workers }, (_, worker) => this.#work(stage, worker, next));
      void Promise.all(workers).then(() => {
        stage.finishedAt = this.#now();
        next.close();
      });
    });
    this.#done = this.#output.drained();
  }

  /** True once close() was called (or run() finished feeding). */
  get closed(): boolean {
    return this.#entry.closed;
  }

  /** A copy of the dead letters so far, in the order the handlers threw. */
  get deadLetters(): readonly DeadLetter[] {
    return [...this.#deadLetters];
  }

  /**
   * Feeds `item` to the first stage, waiting while its buffer is full. Rejects with
   * BufferClosedError after close(), TimeoutError or `signal.reason` when it gives up (the
   * item then never entered), TypeError for undefined.
   */
  put(item: In, options: WaitOptions = {}): Promise<void> {
    return this.#entry.put(item, options);
  }

  /** Stops accepting items; settles once every item put was read, dead-lettered or filtered. */
  close(): Promise<void> {
    this.#entry.close();
    return this.#done;
  }

  /** Like stream.pipeline(): puts every item of `source`, closes, and settles when all is done. */
  async run(source: Iterable<In> | AsyncIterable<In>): Promise<void> {
    try {
      for await (const item of source) await this.put(item);
    } finally {
      this.#entry.close();
    }
    await this.#done;
  }

  metrics(): StageMetrics[] {
    return this.#stages.map((stage) => {
      const { size, capacity, highWaterMark } = stage.buffer.stats();
      const { name, processed, failed, filtered, inFlight, startedAt } = stage;
      const seconds = startedAt === undefined ? 0 : ((stage.finishedAt ?? this.#now()) - startedAt) / 1000;
      const throughput = seconds > 0 ? processed / seconds : 0;
      return { stage: name, size, capacity, highWaterMark, processed, failed, filtered, inFlight, throughput };
    });
  }

  /** The outputs of the last stage, until the pipeline is closed and everything was read. */
  [Symbol.asyncIterator](): AsyncIterator<Out> {
    return this.#output[Symbol.asyncIterator]();
  }

  get #entry(): ManagedBuffer<unknown> {
    return (this.#stages[0] as Stage).buffer;
  }

  /** One worker: takes items until its buffer is closed and empty, and hands each result on. */
  async #work(stage: Stage, worker: number, next: ManagedBuffer<unknown>): Promise<void> {
    const { handler } = stage;
    const context: StageContext = { stage: stage.name, worker };
    for await (const item of stage.buffer) {
      stage.startedAt ??= this.#now();
      stage.inFlight++;
      let result: unknown;
      try {
        result = await handler(item, context);
      } catch (error) {
        stage.failed++;
        stage.inFlight--;
        this.#deadLetters.push({ item, stage: stage.name, error });
        continue;
      }
      stage.processed++;
      if (result === undefined) stage.filtered++;
      else await next.put(result);
      stage.inFlight--;
    }
  }
}

function checkStages(stages: readonly StageOptions[]): void {
  if (!Array.isArray(stages) || stages.length === 0) {
    throw new TypeError(`stages must be a non-empty array of stages, got ${JSON.stringify(stages) ?? String(stages)}`);
  }
  const names = new Set<string>();
  stages.forEach(({ name, handler, workers = 1, capacity = DEFAULT_CAPACITY }: StageOptions, index) => {
    const where = `stages[${index}]`;
    if (typeof name !== 'string' || name === '') {
      throw new TypeError(`${where}.name must be a non-empty string, got ${JSON.stringify(name)}`);
    }
    if (names.has(name)) throw new TypeError(`${where}.name must be unique, got '${name}' a second time`);
    names.add(name);
    if (typeof handler !== 'function') throw new TypeError(`${where}.handler must be a function, got ${typeof handler}`);
    if (!Number.isSafeInteger(workers) || workers < 1) {
      throw new RangeError(`${where}.workers must be a positive integer, got ${String(workers)}`);
    }
    checkCapacity(capacity, `${where}.capacity`);
  });
}
