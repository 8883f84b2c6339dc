/**
 * An account book of where each item went: every item put must leave exactly once (taken,
 * dropped by a policy, returned by closeNow(), or still in the buffer at the end), and nothing
 * else may leave. Record an item with `put` before putting it and `withdraw` it when the put
 * is refused; `leave` records each way out. Used by the lifecycle schedules (./lifecycle-l5.ts)
 * and by phase 4's runs of dropping buffers.
 */
import { fail } from '../../harness/testing/failures.ts';

export class Accounts {
  readonly #attempted = new Set<string>();
  readonly #withdrawn = new Set<string>();
  readonly #out = new Map<string, string>();
  readonly #violations: string[] = [];

  put(label: string): void {
    this.#attempted.add(label);
  }

  withdraw(label: string): void {
    this.#withdrawn.add(label);
  }

  leave(label: string, how: string): void {
    const earlier = this.#out.get(label);
    if (earlier !== undefined) this.#violations.push(`item ${label} left twice: ${earlier}, then ${how}`);
    else this.#out.set(label, how);
  }

  get counts(): { put: number; out: number } {
    return { put: this.#attempted.size - this.#withdrawn.size, out: this.#out.size };
  }

  /** Every violation: items out twice, out although refused or never put, put but never out. */
  violations(): string[] {
    const found = [...this.#violations];
    for (const [label, how] of this.#out) {
      if (!this.#attempted.has(label)) found.push(`item ${label} ${how}, but no producer ever put it`);
      else if (this.#withdrawn.has(label))
        found.push(`item ${label} ${how}, although its put was refused (it must never have been stored)`);
    }
    for (const label of this.#attempted) {
      if (!this.#withdrawn.has(label) && !this.#out.has(label))
        found.push(`item ${label} was put but was never taken, dropped (through onDrop) or left in the buffer: it is lost`);
    }
    return found;
  }

  check(context: string): void {
    const found = this.violations();
    if (found.length === 0) return;
    const shown = found.slice(0, 5).map((line) => `  - ${line}`);
    const more = found.length > 5 ? [`  ... and ${found.length - 5} more`] : [];
    fail([`${found.length} item(s) mishandled ${context}:`, ...shown, ...more].join('\n'));
  }
}
