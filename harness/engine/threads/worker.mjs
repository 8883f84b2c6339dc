/**
 * One thread of a real-threads test. Vitest's transform does not reach worker threads, so
 * this plain script registers TypeScript hooks of its own (./typescript-hooks.mjs), imports
 * the tree's `SharedBoundedBuffer` from the absolute path it is given, and plays one role
 * (see ./roles.ts).
 *
 * To the parent it posts `{ type: 'ready' }` once attached, waits at the gate until every
 * thread of its group is ready (so none runs against memory that another has not attached
 * to yet, and all start at once), posts `{ type: 'started' }` just before its first call
 * that may block, then `{ type: 'done', result }`, or `{ type: 'error', name, message,
 * stack }` when anything throws (a stub's NotImplementedError keeps its name that way).
 */
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';

const { modulePath, memory, gate, progress: progressWord, role } = workerData;
/** One more for every value this thread moves: the parent's watchdog judges liveness by it. */
const progress = new Int32Array(progressWord);

try {
  register('./typescript-hooks.mjs', import.meta.url);
  process.setSourceMapsEnabled(true);
  const { SharedBoundedBuffer } = await import(pathToFileURL(modulePath).href);
  const result = role.role === 'creator' ? create(SharedBoundedBuffer, role) : play(SharedBoundedBuffer.attach(memory), role);
  parentPort.postMessage({ type: 'done', result }, result.values ? [result.values.buffer] : []);
} catch (error) {
  const { name, message, stack } = error instanceof Error ? error : new Error(`a non-Error value was thrown: ${String(error)}`);
  parentPort.postMessage({ type: 'error', name, message, stack: stack ?? '' });
}

function play(buffer, role) {
  parentPort.postMessage({ type: 'ready' });
  Atomics.wait(new Int32Array(gate), 0, 0);
  parentPort.postMessage({ type: 'started' });
  return role.role === 'producer' ? produce(buffer, role) : consume(buffer, role);
}

/** Puts `count` values from `first` upwards, then `stopValue` if given; stops at a refused put. */
function produce(buffer, { first, count, stopValue, timeoutMs }) {
  const started = performance.now();
  let put = 0;
  let checksum = 0;
  while (put < count && buffer.put(first + put, timeoutMs)) {
    checksum = (checksum + first + put) | 0;
    put++;
    Atomics.add(progress, 0, 1);
  }
  const refused = put < count;
  if (!refused && stopValue !== undefined) buffer.put(stopValue, timeoutMs);
  return { role: 'producer', put, refused, checksum, elapsedMs: performance.now() - started };
}

/** Takes until `stopValue`, until take() returns undefined, or until it has `max` values. */
function consume(buffer, { stopValue, max = Number.POSITIVE_INFINITY, timeoutMs }) {
  const started = performance.now();
  const values = [];
  let checksum = 0;
  let ended = 'max';
  while (values.length < max) {
    const value = buffer.take(timeoutMs);
    if (value === undefined || value === stopValue) {
      ended = value === undefined ? 'undefined' : 'stop';
      break;
    }
    values.push(value);
    Atomics.add(progress, 0, 1);
    checksum = (checksum + value) | 0;
  }
  return { role: 'consumer', values: Int32Array.from(values), ended, checksum, elapsedMs: performance.now() - started };
}

/** Creates a buffer in this thread and offers it `values`; the parent attaches to its memory. */
function create(SharedBoundedBuffer, { capacity, values }) {
  const buffer = SharedBoundedBuffer.create(capacity);
  const offered = values.map((value) => buffer.offer(value));
  return { role: 'creator', memory: buffer.memory, offered, size: buffer.size };
}
