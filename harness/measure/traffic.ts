/**
 * The traffic a scenario puts through a buffer: a ring loop, hand-offs (awaited, or eager),
 * a ping-pong, a lossy stream and a timed hand-off, as plain functions over the adapters of
 * ./adapters.ts. Each moves a given number of items and checks them on the way (./ledger.ts),
 * so the kata's classes and other libraries are timed the same way. None of them reads a
 * clock but `pingPong`, which is given one: timing the whole call is the caller's business.
 * (The bench's workloads, ../bench/workload-specs.ts, say which of these run at what size.)
 */
import type { AsyncAdapter, EagerAdapter, LossyAdapter, SyncAdapter, WaitingAdapter } from './adapters.ts';
import { itemOf, Ledger, WrongAnswer } from './ledger.ts';

/** How many puts `timedHandOff` starts at once. */
const BURST = 3;

/**
 * One thread of control keeps the ring half full: each step stores one item and removes the
 * oldest, so the indices go round and round the ring. `items` items go in and come out.
 */
export function ringLoop(buffer: SyncAdapter<number>, items: number, capacity: number): void {
  const ledger = new Ledger({ producers: 1, perProducer: items, consumers: 1 });
  const ahead = Math.min(capacity >> 1, items);
  for (let i = 0; i < ahead; i++) buffer.put(i);
  for (let i = ahead; i < items; i++) {
    buffer.put(i);
    ledger.receive(0, buffer.take());
  }
  for (let i = 0; i < ahead; i++) ledger.receive(0, buffer.take());
  ledger.finish();
}

/** Who moves items through a shared buffer, and how many: `items` must divide by both counts. */
export interface HandOffOptions {
  readonly producers: number;
  readonly consumers: number;
  readonly items: number;
  /** Whether each producer's items must reach a consumer in order (false for a LIFO buffer). @default true */
  readonly ordered?: boolean;
}

/**
 * `producers` producers and `consumers` consumers share one buffer; every put and take is
 * awaited. Producers are numbered from 1 when there are several, from 0 when there is one
 * (its items are then plain numbers).
 */
export async function handOff(buffer: AsyncAdapter<number>, options: HandOffOptions) {
  const { producers, consumers, items } = options;
  const ledger = ledgerFor(options);
  const firstProducer = producers === 1 ? 0 : 1;
  const produce = async (producer: number) => {
    for (let seq = 0; seq < items / producers; seq++) await buffer.put(itemOf(producer, seq));
  };
  const consume = async (consumer: number) => {
    for (let n = 0; n < items / consumers; n++) ledger.receive(consumer, await buffer.take());
  };
  await Promise.all([
    ...Array.from({ length: producers }, (_, p) => produce(p + firstProducer)),
    ...Array.from({ length: consumers }, (_, c) => consume(c)),
  ]);
  ledger.finish();
}

/**
 * As `handOff`, but each producer and consumer first tries without waiting (`offer`,
 * `poll`) and awaits a `put` or `take` only when that fails, the way a buffer whose calls
 * complete synchronously can be driven.
 */
export async function eagerHandOff(buffer: EagerAdapter<number>, options: HandOffOptions) {
  const { producers, consumers, items } = options;
  const ledger = ledgerFor(options);
  const firstProducer = producers === 1 ? 0 : 1;
  const produce = async (producer: number) => {
    for (let seq = 0; seq < items / producers; seq++) {
      const item = itemOf(producer, seq);
      if (!buffer.offer(item)) await buffer.put(item);
    }
  };
  const consume = async (consumer: number) => {
    for (let n = 0; n < items / consumers; n++) ledger.receive(consumer, buffer.poll() ?? (await buffer.take()));
  };
  await Promise.all([
    ...Array.from({ length: producers }, (_, p) => produce(p + firstProducer)),
    ...Array.from({ length: consumers }, (_, c) => consume(c)),
  ]);
  ledger.finish();
}

function ledgerFor({ producers, consumers, items, ordered }: HandOffOptions): Ledger {
  if (items % producers !== 0 || items % consumers !== 0) {
    throw new RangeError(`items must divide by ${producers} producers and ${consumers} consumers, got ${items}`);
  }
  const firstProducer = producers === 1 ? 0 : 1;
  return new Ledger({ producers, perProducer: items / producers, consumers, firstProducer, ordered });
}

/**
 * An item goes out through `ping`, an echo task sends it back through `pong`; each round
 * trip is timed with `now` (milliseconds). Returns the round trips in microseconds.
 */
export async function pingPong(ping: AsyncAdapter<number>, pong: AsyncAdapter<number>, roundTrips: number, now: () => number) {
  const echo = async () => {
    for (let i = 0; i < roundTrips; i++) await pong.put(await ping.take());
  };
  const samples = new Float64Array(roundTrips);
  const measure = async () => {
    for (let i = 0; i < roundTrips; i++) {
      const started = now();
      await ping.put(i);
      const back = await pong.take();
      samples[i] = (now() - started) * 1000;
      if (back !== i) throw new WrongAnswer(`wrong order: expected ${i} back, got ${String(back)}`);
    }
  };
  await Promise.all([echo(), measure()]);
  return samples;
}

/**
 * A producer faster than its consumer on a buffer that drops items when full: it puts every
 * item and polls one after every `putsPerPoll` puts, then polls what is left. Whatever the
 * buffer keeps must come out in order, and kept + dropped must account for every item.
 */
export async function lossyStream(buffer: LossyAdapter<number>, items: number, putsPerPoll: number): Promise<void> {
  let last = -1;
  let received = 0;
  const receive = (item: number | undefined) => {
    if (item === undefined) return false;
    if (!(item > last && item < items)) throw new WrongAnswer(`wrong order: got ${String(item)} after ${last}`);
    last = item;
    received++;
    return true;
  };
  for (let i = 0; i < items; i++) {
    await buffer.put(i);
    if (i % putsPerPoll === putsPerPoll - 1 && !receive(buffer.poll())) {
      throw new WrongAnswer(`poll() found nothing after ${i + 1} puts`);
    }
  }
  while (receive(buffer.poll()));
  if (received + buffer.dropped() !== items) {
    throw new WrongAnswer(`lost items: ${items} put, ${received} came out and ${buffer.dropped()} were reported dropped`);
  }
}

/**
 * One producer and one consumer, every call with a long timeout and an abort signal that
 * never fires: each call that waited must clean up its timer and its listener when it
 * completes. The consumer starts first and the producer puts three items at a time without
 * waiting for each, so that on a buffer of one, takes wait on an empty buffer and puts on a
 * full one, over and over. `operations` counts puts and takes together.
 */
export async function timedHandOff(buffer: WaitingAdapter<number>, operations: number, signals: readonly AbortSignal[]) {
  const items = operations >> 1;
  const [putSignal, takeSignal = putSignal] = signals;
  if (!putSignal) throw new RangeError('timedHandOff needs at least one signal');
  const ledger = new Ledger({ producers: 1, perProducer: items, consumers: 1 });
  const consume = async () => {
    for (let i = 0; i < items; i++) ledger.receive(0, await buffer.take({ timeoutMs: 60_000, signal: takeSignal }));
  };
  const produce = async () => {
    for (let i = 0; i < items; i += BURST) {
      const burst = Array.from({ length: Math.min(BURST, items - i) }, (_, k) =>
        buffer.put(i + k, { timeoutMs: 60_000, signal: putSignal }),
      );
      await Promise.all(burst);
    }
  };
  await Promise.all([consume(), produce()]);
  ledger.finish();
}
