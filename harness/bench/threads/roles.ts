/**
 * What a worker thread does in the cross-thread scenarios (started by ./across-threads.ts).
 * Each role says it is ready, blocks until the gate opens, so that both threads start
 * together and the set-up is not timed, then moves or receives `items` numbers, 0, 1, 2 and
 * so on: with one producer, each consumer checks that the next number is the one it expects,
 * which proves order and that nothing was lost or doubled at a compare per item. A thread is
 * new in every run, so the shared-buffer roles first warm their code up on a private buffer
 * (V8 would otherwise spend much of a run on code it has not optimised yet). Consumers
 * check them with the ledger: a fast wrong answer is not a result.
 */
import { type MessagePort, parentPort } from 'node:worker_threads';
import { WrongAnswer } from '../../perf/ledger.ts';
import { SUBJECTS } from '../../perf/subjects.ts';
import { batchConsumer, batchProducer, itemConsumer, itemProducer, outOfOrder } from './message-roles.ts';

/** The gate's words: how many threads are ready, and whether they may go. */
export const READY = 0;
export const GO = 1;

/** A thread's part: what it does with how many items, and what it needs for it. */
export type Role = { readonly items: number } & (
  | { readonly role: 'shared-producer' | 'shared-consumer'; readonly memory: SharedArrayBuffer }
  | { readonly role: 'item-producer' | 'item-consumer'; readonly port: MessagePort; readonly capacity: number }
  | { readonly role: 'batch-producer'; readonly port: MessagePort; readonly batch: number; readonly batches: number }
  | { readonly role: 'batch-consumer'; readonly port: MessagePort }
);

export type RoleData = Role & { readonly gate: SharedArrayBuffer };

interface SharedBuffer {
  put(value: number): boolean;
  take(): number | undefined;
}

interface SharedBufferClass {
  create(capacity: number): SharedBuffer;
  attach(memory: SharedArrayBuffer): SharedBuffer;
}

/** Puts and takes on a private buffer before the gate opens. */
const WARM_UP = 200_000;

export async function runThread(data: RoleData, tree: (file: string) => Record<string, unknown>): Promise<void> {
  const shared = data.role.startsWith('shared-') ? attach(data, tree) : undefined;
  const gate = new Int32Array(data.gate);
  Atomics.add(gate, READY, 1);
  parentPort?.postMessage({ ready: true });
  Atomics.wait(gate, GO, 0);
  switch (data.role) {
    case 'shared-producer':
      for (let i = 0; i < data.items; i++) {
        if (!shared?.put(i)) throw new WrongAnswer(`put() returned false on an open buffer (item ${i})`);
      }
      return;
    case 'shared-consumer':
      for (let n = 0; n < data.items; n++) {
        const value = shared?.take();
        if (value !== n) throw outOfOrder(n, value);
      }
      return;
    case 'item-producer':
      return itemProducer(data.port, data.items, data.capacity);
    case 'item-consumer':
      return itemConsumer(data.port, data.items, data.capacity);
    case 'batch-producer':
      return batchProducer(data.port, data.items, data.batch, data.batches);
    case 'batch-consumer':
      return batchConsumer(data.port, data.items);
  }
}

function attach(data: RoleData, tree: (file: string) => Record<string, unknown>): SharedBuffer {
  if (!('memory' in data)) throw new TypeError(`${data.role} needs the buffer's memory`);
  const { file, exportName } = SUBJECTS.shared;
  const type = tree(file)[exportName] as SharedBufferClass | undefined;
  if (typeof type?.attach !== 'function') throw new Error(`not run: ${file} does not export a class named ${exportName}`);
  const buffer = type.attach(data.memory);
  const own = type.create(64);
  for (let i = 0; i < WARM_UP; i++) {
    own.put(i);
    const value = own.take();
    if (value !== i) throw outOfOrder(i, value);
  }
  return buffer;
}
