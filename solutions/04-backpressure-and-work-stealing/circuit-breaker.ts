/**
 * A circuit breaker: stops calling a service that keeps failing, and probes it again later.
 *
 * How it works:
 *
 *   closed ──failureThreshold consecutive failures──▶ open ──resetTimeoutMs passed──▶ half-open
 *     ▲                                                ▲                                  │
 *     └──────────── a trial call succeeds ─────────────┼──────────────────────────────────┤
 *                                                      └──────── a trial call fails ──────┘
 *
 * Closed runs every call and counts consecutive failures (a success resets the count). Open
 * refuses every call at once with CircuitOpenError. There are no timers: the move from open
 * to half-open happens when someone looks (`state`, `call`) and the clock says it is due.
 * Half-open lets up to `halfOpenMaxCalls` trial calls through; the first outcome decides.
 * Every change of state starts a new epoch; a call that settles after its epoch ended (say a
 * slow call from before the circuit opened) still hands its own result back, but no longer
 * counts: it says nothing about the service now.
 * Invariant: failures < failureThreshold while closed; trials <= halfOpenMaxCalls while half-open.
 */
import { CircuitOpenError } from '../errors.ts';

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit: a positive integer. */
  readonly failureThreshold: number;
  /** How long the circuit stays open before it lets trial calls through: a finite number of ms >= 0. */
  readonly resetTimeoutMs: number;
  /** Trial calls let through at once while half-open: a positive integer. @default 1 */
  readonly halfOpenMaxCalls?: number;
  /** The clock, in milliseconds. @default performance.now */
  readonly now?: () => number;
}

export class CircuitBreaker {
  readonly failureThreshold: number;
  readonly resetTimeoutMs: number;
  readonly halfOpenMaxCalls: number;
  readonly #now: () => number;
  #state: CircuitState = 'closed';
  #epoch = 0;
  #failures = 0;
  #trials = 0;
  #openedAt = 0;

  constructor({ failureThreshold, resetTimeoutMs, halfOpenMaxCalls = 1, now = () => performance.now() }: CircuitBreakerOptions) {
    checkPositiveInteger(failureThreshold, 'failureThreshold');
    checkPositiveInteger(halfOpenMaxCalls, 'halfOpenMaxCalls');
    if (!(Number.isFinite(resetTimeoutMs) && resetTimeoutMs >= 0)) {
      throw new RangeError(`resetTimeoutMs must be a finite number >= 0, got ${String(resetTimeoutMs)}`);
    }
    if (typeof now !== 'function') throw new TypeError(`now must be a function returning milliseconds, got ${String(now)}`);
    this.failureThreshold = failureThreshold;
    this.resetTimeoutMs = resetTimeoutMs;
    this.halfOpenMaxCalls = halfOpenMaxCalls;
    this.#now = now;
  }

  get state(): CircuitState {
    if (this.#state === 'open' && this.#now() - this.#openedAt >= this.resetTimeoutMs) this.#moveTo('half-open');
    return this.#state;
  }

  /**
   * Runs `fn` unless the circuit refuses it (CircuitOpenError, `fn` not called), and settles
   * with exactly what `fn` gives; a synchronous throw counts as a failure and rejects.
   */
  call<R>(fn: () => Promise<R>): Promise<R> {
    if (typeof fn !== 'function') return Promise.reject(new TypeError(`fn must be a function, got ${String(fn)}`));
    const state = this.state;
    if (state === 'open') {
      const waitMs = Math.ceil(this.resetTimeoutMs - (this.#now() - this.#openedAt));
      return Promise.reject(
        new CircuitOpenError(`the circuit is open: calls are refused for another ${waitMs} ms, then a trial call goes through`),
      );
    }
    if (state === 'half-open') {
      if (this.#trials >= this.halfOpenMaxCalls) {
        return Promise.reject(
          new CircuitOpenError(
            `the circuit is half-open and its ${this.halfOpenMaxCalls} trial call(s) are still running: wait for their outcome`,
          ),
        );
      }
      this.#trials++;
    }
    const epoch = this.#epoch;
    let result: Promise<R>;
    try {
      result = Promise.resolve(fn());
    } catch (error) {
      result = Promise.reject(error);
    }
    return result.then(
      (value) => {
        this.#record(epoch, true);
        return value;
      },
      (error: unknown) => {
        this.#record(epoch, false);
        throw error;
      },
    );
  }

  #record(epoch: number, succeeded: boolean): void {
    if (epoch !== this.#epoch) return;
    if (this.#state === 'half-open') this.#moveTo(succeeded ? 'closed' : 'open');
    else if (succeeded) this.#failures = 0;
    else if (++this.#failures >= this.failureThreshold) this.#moveTo('open');
  }

  #moveTo(state: CircuitState): void {
    this.#state = state;
    this.#epoch++;
    this.#failures = 0;
    this.#trials = 0;
    if (state === 'open') this.#openedAt = this.#now();
  }
}

function checkPositiveInteger(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be an integer >= 1, got ${String(value)}`);
}
