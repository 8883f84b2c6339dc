/**
 * Producer-consumer scenarios: producers `p1..pN` put tagged items, consumers `c1..cM` take
 * them, all at once through one buffer, with seeded random pauses between operations so each
 * seed gives a different interleaving. Every put and take goes in a ledger, with its call and
 * its return on one logical clock; afterwards the ledger must show conservation and FIFO
 * order under real-time precedence, and the size must never have gone above the capacity.
 * A run in which nothing can move any more (./quiescence.ts: no operation completes however
 * many turns the event loop takes, and the code has no timer pending) is a DeadlockError
 * that says who was waiting on what. No wall clock decides anything.
 */
import { fail } from '../testing/failures.ts';
import { seededRandom } from '../testing/seed.ts';
import { DeadlockError } from './deadlock.ts';
import { Ledger, labelOf, type Tagged, tagged } from './ledger.ts';
import { untilSettled } from './quiescence.ts';
import { nextTurn } from './real-time.ts';

export interface BlockingQueue<T> {
  readonly capacity: number;
  readonly size: number;
  put(item: T): Promise<void>;
  take(): Promise<T>;
}

export interface Scenario {
  readonly producers: number;
  readonly consumers: number;
  readonly itemsPerProducer: number;
  /** Chance, per operation, of pausing first (a few microtasks or a macrotask turn). Default 0.3. */
  readonly pauseChance?: number;
}

export interface ScenarioReport {
  readonly items: number;
  readonly maxSize: number;
}

const EVENTS_KEPT = 12;

export async function runScenario(buffer: BlockingQueue<Tagged>, scenario: Scenario): Promise<ScenarioReport> {
  const run = new Run(buffer, scenario);
  return run.start();
}

class Run {
  readonly #buffer: BlockingQueue<Tagged>;
  readonly #scenario: Scenario;
  readonly #ledger = new Ledger();
  readonly #random = seededRandom('scenario');
  readonly #events: string[] = [];
  #waitingPuts = 0;
  #waitingTakes = 0;
  #maxSize = 0;
  #completed = 0;
  #claimed = 0;

  constructor(buffer: BlockingQueue<Tagged>, scenario: Scenario) {
    this.#buffer = buffer;
    this.#scenario = scenario;
  }

  async start(): Promise<ScenarioReport> {
    const { producers, consumers, itemsPerProducer } = this.#scenario;
    const actors = [
      ...Array.from({ length: producers }, (_, i) => this.#produce(`p${i + 1}`)),
      ...Array.from({ length: consumers }, (_, i) => this.#consume(`c${i + 1}`)),
    ];
    await this.#watch(Promise.all(actors));
    this.#ledger.check(this.#leftovers(), `(${producers} producers, ${consumers} consumers, capacity ${this.#buffer.capacity})`);
    return { items: producers * itemsPerProducer, maxSize: this.#maxSize };
  }

  async #produce(name: string): Promise<void> {
    for (let seq = 0; seq < this.#scenario.itemsPerProducer; seq++) {
      await this.#maybePause();
      const item = tagged(name, seq);
      this.#ledger.put(item);
      this.#waitingPuts++;
      this.#event(`${name} put(${labelOf(item)})`);
      await this.#buffer.put(item);
      this.#ledger.putDone(item);
      this.#waitingPuts--;
      this.#progress(`${name} put(${labelOf(item)}) done`);
    }
  }

  async #consume(name: string): Promise<void> {
    const total = this.#scenario.producers * this.#scenario.itemsPerProducer;
    while (this.#claimed < total) {
      this.#claimed++;
      await this.#maybePause();
      this.#waitingTakes++;
      this.#event(`${name} take()`);
      this.#ledger.taking(name);
      const item = await this.#buffer.take();
      this.#waitingTakes--;
      this.#ledger.take(name, item);
      this.#progress(`${name} take() → ${labelOf(item)}`);
    }
  }

  async #maybePause(): Promise<void> {
    if (this.#random.next(1000) >= (this.#scenario.pauseChance ?? 0.3) * 1000) return;
    if (this.#random.next(4) === 0) await nextTurn();
    else for (let i = this.#random.next(5); i >= 0; i--) await Promise.resolve();
  }

  #event(text: string): void {
    this.#events.push(text);
    if (this.#events.length > EVENTS_KEPT) this.#events.shift();
  }

  #progress(text: string): void {
    this.#event(text);
    this.#completed++;
    const size = this.#buffer.size;
    this.#maxSize = Math.max(this.#maxSize, size);
    if (size > this.#buffer.capacity) fail(`size ${size} exceeded the capacity ${this.#buffer.capacity} after ${text}`);
  }

  /** Resolves with `done`, or rejects with a DeadlockError once no operation can complete any more. */
  #watch(done: Promise<unknown>): Promise<unknown> {
    return untilSettled(
      done,
      () => this.#completed,
      () => new DeadlockError(this.#describeDeadlock()),
    );
  }

  #describeDeadlock(): string {
    const { capacity, size } = this.#buffer;
    const state = `${this.#waitingPuts} put() waiting, ${this.#waitingTakes} take() waiting, size ${size}/${capacity}`;
    const why =
      this.#waitingPuts > 0 && size < capacity
        ? ' Producers are waiting although there is room: a take (or poll, or drainTo) did not wake them.'
        : this.#waitingTakes > 0 && size > 0
          ? ' Consumers are waiting although there are items: a put (or offer) did not wake them.'
          : '';
    return `deadlock: nothing can move any more (the event loop turned thousands of times, no operation completed and the buffer has no timer pending); ${state}.${why}\nlast events: ${this.#events.join(' · ')}`;
  }

  #leftovers(): unknown[] {
    const buffer = this.#buffer as BlockingQueue<Tagged> & { poll?: () => Tagged | undefined };
    const items: unknown[] = [];
    for (let item = buffer.poll?.(); item !== undefined; item = buffer.poll?.()) items.push(item);
    return items;
  }
}
