/**
 * Which timers and immediates the code under test (or a test) has pending, so that "nothing
 * can move any more" is never declared while a callback of the code is still due. The
 * harness keeps its own timers through the functions captured in ./real-time.ts, and Vitest
 * through its own captured copies, so what is counted here is exactly what went through the
 * global functions (and `node:timers`) after the harness loaded: the code's. Installed once
 * per worker by the setup file; fake timers replace and then restore these wrappers.
 */
import { syncBuiltinESMExports } from 'node:module';
import timers from 'node:timers';
import { promisify } from 'node:util';

type Handle = object | number | string | undefined;

/** Pending handles by their primitive id, so that `clearTimeout(Number(handle))` is seen too. */
const pendingTimers = new Map<number | object, object>();
const pendingImmediates = new Set<object>();
const INSTALLED = Symbol.for('kata.code-timers');

function keyOf(handle: Handle): number | object | undefined {
  if (handle === undefined || handle === null) return undefined;
  if (typeof handle === 'object') {
    const id = Number(handle);
    return Number.isNaN(id) ? handle : id;
  }
  return Number(handle);
}

/** Timers and intervals of the code that have neither fired (once) nor been cleared. */
export function codeTimersPending(): number {
  return pendingTimers.size;
}

/** `setImmediate` callbacks of the code that have not run yet. */
export function codeImmediatesPending(): number {
  return pendingImmediates.size;
}

/** What `util.promisify` uses for the real function (`setTimeout` as a promise). */
function customOf(fn: object): unknown {
  return (fn as Record<symbol, unknown>)[promisify.custom];
}

export function installTimerTracking(): void {
  if (INSTALLED in globalThis) return;
  Object.defineProperty(globalThis, INSTALLED, { value: true });
  const real = {
    setTimeout: globalThis.setTimeout,
    setInterval: globalThis.setInterval,
    clearTimeout: globalThis.clearTimeout,
    clearInterval: globalThis.clearInterval,
    setImmediate: globalThis.setImmediate,
    clearImmediate: globalThis.clearImmediate,
  };
  const track = (schedule: typeof setTimeout, once: boolean) =>
    function tracked(this: unknown, callback: unknown, ...rest: unknown[]) {
      if (typeof callback !== 'function') return Reflect.apply(schedule, this, [callback, ...rest]);
      let key: number | object | undefined;
      const handle = Reflect.apply(schedule, this, [
        (...args: unknown[]) => {
          if (once && key !== undefined) pendingTimers.delete(key);
          return Reflect.apply(callback, undefined, args);
        },
        ...rest,
      ]) as object;
      key = keyOf(handle);
      if (key !== undefined) pendingTimers.set(key, handle);
      return handle;
    };
  const untrack = (clear: (handle: Handle) => void) =>
    function cleared(this: unknown, handle: Handle) {
      const key = keyOf(handle);
      if (key !== undefined) pendingTimers.delete(key);
      return Reflect.apply(clear, this, [handle]);
    };
  const wrapped = {
    setTimeout: Object.assign(track(real.setTimeout, true), { [promisify.custom]: customOf(real.setTimeout) }),
    setInterval: track(real.setInterval as unknown as typeof setTimeout, false),
    clearTimeout: untrack(real.clearTimeout as (handle: Handle) => void),
    clearInterval: untrack(real.clearInterval as (handle: Handle) => void),
    setImmediate: Object.assign(
      function trackedImmediate(this: unknown, callback: unknown, ...args: unknown[]) {
        if (typeof callback !== 'function') return Reflect.apply(real.setImmediate, this, [callback, ...args]);
        const handle: object = Reflect.apply(real.setImmediate, this, [
          (...given: unknown[]) => {
            pendingImmediates.delete(handle);
            return Reflect.apply(callback, undefined, given);
          },
          ...args,
        ]);
        pendingImmediates.add(handle);
        return handle;
      },
      { [promisify.custom]: customOf(real.setImmediate) },
    ),
    clearImmediate: function clearedImmediate(this: unknown, handle: Handle) {
      if (typeof handle === 'object' && handle !== null) pendingImmediates.delete(handle);
      return Reflect.apply(real.clearImmediate, this, [handle]);
    },
  };
  Object.assign(globalThis, wrapped);
  Object.assign(timers, wrapped);
  syncBuiltinESMExports();
}
