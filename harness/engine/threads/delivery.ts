/**
 * What real producer and consumer threads owe each other, checked from what they report:
 * every value put arrives exactly once, and the values of one producer reach each consumer
 * in the order they were put (the order between consumers is not observable, so it is not
 * checked). Values are int32s that say who put them: producer 2's value 1733 is `p2#1733`,
 * and every violation is a sentence that names the value.
 */
import { fail } from '../../testing/failures.ts';
import type { ConsumerResult, ProducerResult } from './roles.ts';

const SEQ_BITS = 24;
const SEQ_MASK = 2 ** SEQ_BITS - 1;
/** The first value producer `producer` (1 to 127) puts; its value `seq` is this plus `seq`. */
export function firstValue(producer: number): number {
  return producer * 2 ** SEQ_BITS;
}

/** `p2#1733` for producer 2's value 1733; negative values are nobody's and are shown as numbers. */
export function labelOf(value: number): string {
  return value < 0 ? String(value) : `p${value >>> SEQ_BITS}#${value & SEQ_MASK}`;
}

export interface Delivery {
  /**
   * By name `p<id>`: what each producer reports. Absent when the producers never finished:
   * then only what the consumers received is checked (duplicates and order), not losses.
   */
  readonly producers?: ReadonlyMap<string, ProducerResult>;
  /** By name: what each consumer reports. */
  readonly consumers: ReadonlyMap<string, ConsumerResult>;
  /** Values still in the buffer at the end: not lost. */
  readonly leftover?: readonly number[];
  /** Appended to the first line of the failure, such as why the check ran early. */
  readonly context?: string;
}

/** Fails the test, naming the first few values that were lost, duplicated, invented or reordered. */
export function checkDelivery({ producers, consumers, leftover = [], context }: Delivery): void {
  const receivers = [...consumers.keys(), 'the buffer (left over)'];
  const received = [...[...consumers.values()].map((result) => [...result.values]), [...leftover]];
  /** Producer id → how many values it put. */
  const sent = new Map([...(producers ?? [])].map(([name, result]) => [Number(name.slice(1)), result.put]));
  const isPut = (value: number) => value >= 0 && (!producers || (value & SEQ_MASK) < (sent.get(value >>> SEQ_BITS) ?? 0));
  /** Value → the index of its first receiver; and, for a value that arrived again, every receiver. */
  const firstAt = new Map<number, number>();
  const repeated = new Map<number, number[]>();
  const invented: string[] = [];
  const reordered: string[] = [];

  received.forEach((values, receiver) => {
    const last = new Map<number, number>();
    for (const value of values) {
      if (!isPut(value)) {
        invented.push(`${receivers[receiver]} received ${labelOf(value)}, which no producer put`);
        continue;
      }
      const first = firstAt.get(value);
      if (first === undefined) {
        firstAt.set(value, receiver);
      } else {
        const at = repeated.get(value) ?? [first];
        at.push(receiver);
        repeated.set(value, at);
      }
      const previous = last.get(value >>> SEQ_BITS);
      if (previous !== undefined && value < previous && receiver < consumers.size) {
        reordered.push(
          `${receivers[receiver]} received ${labelOf(value)} after ${labelOf(previous)}: one producer's values must come out in the order they went in`,
        );
      }
      last.set(value >>> SEQ_BITS, value);
    }
  });
  const duplicated = [...repeated].map(([value, at]) => {
    const where = [...new Set(at.map((receiver) => receivers[receiver] as string))];
    const times = at.length === 2 ? 'twice' : `${at.length} times`;
    const place = where.length > 1 ? `at ${inWords(where)}` : `${at.length === 2 ? 'both times' : 'every time'} at ${where[0]}`;
    return `value ${labelOf(value)} arrived ${times}, ${place}`;
  });
  const lost: string[] = [];
  for (const [id, count] of sent) {
    for (let seq = 0; seq < count; seq++) {
      if (!firstAt.has(firstValue(id) + seq))
        lost.push(`value ${labelOf(firstValue(id) + seq)} never arrived and is not in the buffer either (lost)`);
    }
  }
  const violations = [...duplicated, ...lost, ...invented, ...reordered];
  if (violations.length === 0) return;

  const sum = (values: number[]) => values.reduce((total, value) => (total + value) | 0, 0);
  const results = [...(producers?.values() ?? [])];
  const put = producers ? `producers put ${sum(results.map((r) => r.put))} values (checksum ${sum(results.map((r) => r.checksum))}), ` : '';
  const got = received.slice(0, -1);
  const summary = `${put}consumers received ${sum(got.map((values) => values.length))} (checksum ${sum(got.flat())}), ${leftover.length} left in the buffer`;
  const shown = violations.slice(0, 5).map((line) => `  - ${line}`);
  const more = violations.length > 5 ? [`  ... and ${violations.length - 5} more`] : [];
  fail([`${violations.length} value(s) mishandled${context ? ` ${context}` : ''}: ${summary}:`, ...shown, ...more].join('\n'));
}

/** `c1`, `c1 and c2`, `c1, c2 and c3`. */
function inWords(names: string[]): string {
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
