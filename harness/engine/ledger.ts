/**
 * A ledger of every item that went into a buffer and every item that came out, checked
 * afterwards for the properties every producer-consumer buffer owes its users:
 * conservation (nothing lost, nothing taken twice, nothing invented) and FIFO order per
 * producer. Violations are sentences that name the item: "item p2#17 was taken twice, by c1
 * and c3".
 */
import { fail } from '../testing/failures.ts';

/** An item that knows where it came from: producer `p2`'s 17th item is `p2#17`. */
export interface Tagged {
  readonly producer: string;
  readonly seq: number;
}

export function tagged(producer: string, seq: number): Tagged {
  return { producer, seq };
}

export function labelOf(item: unknown): string {
  if (typeof item === 'object' && item !== null && 'producer' in item && 'seq' in item) {
    return `${String(item.producer)}#${String(item.seq)}`;
  }
  return JSON.stringify(item) ?? String(item);
}

export class Ledger {
  readonly #accepted = new Map<string, Tagged>();
  /** Label → who took it, in order. */
  readonly #takenBy = new Map<string, string[]>();
  readonly #violations: string[] = [];
  /** Producer → the last sequence number seen coming out. */
  readonly #lastOut = new Map<string, number>();

  /** Records that the buffer accepted `item` (offer returned true, put resolved). */
  put(item: Tagged): void {
    this.#accepted.set(labelOf(item), item);
  }

  /** Takes back a put that gave up (timed out, aborted): the item must never come out. */
  withdraw(item: Tagged): void {
    this.#accepted.delete(labelOf(item));
  }

  /** Records that `consumer` received `item`. */
  take(consumer: string, item: unknown): void {
    const label = labelOf(item);
    const accepted = this.#accepted.get(label);
    if (!accepted) {
      this.#violations.push(`${consumer} received ${label}, which no producer ever put in (or which was refused)`);
      return;
    }
    const takers = this.#takenBy.get(label) ?? [];
    takers.push(consumer);
    this.#takenBy.set(label, takers);
    if (takers.length === 2) this.#violations.push(`item ${label} was taken twice, by ${takers[0]} and ${takers[1]}`);
    const last = this.#lastOut.get(accepted.producer);
    if (last !== undefined && accepted.seq < last) {
      this.#violations.push(
        `item ${label} came out after ${accepted.producer}#${last}, but it went in first (FIFO order per producer broken)`,
      );
    }
    this.#lastOut.set(accepted.producer, Math.max(last ?? accepted.seq, accepted.seq));
  }

  get takenCount(): number {
    return this.#takenBy.size;
  }

  /** Every violation so far; `leftover` is what is still in the buffer (not lost). */
  violations(leftover: readonly unknown[] = []): string[] {
    const remaining = new Set(leftover.map(labelOf));
    const lost = [...this.#accepted.keys()].filter((label) => !this.#takenBy.has(label) && !remaining.has(label));
    return [
      ...this.#violations,
      ...lost.map((label) => `item ${label} was accepted but never came out and is not in the buffer either (lost)`),
    ];
  }

  /** Fails the test with the first violations, in words, when there are any. */
  check(leftover: readonly unknown[] = [], context = ''): void {
    const found = this.violations(leftover);
    if (found.length === 0) return;
    const shown = found.slice(0, 5).map((line) => `  - ${line}`);
    const more = found.length > 5 ? [`  ... and ${found.length - 5} more`] : [];
    fail([`${found.length} item(s) mishandled${context ? ` ${context}` : ''}:`, ...shown, ...more].join('\n'));
  }
}
