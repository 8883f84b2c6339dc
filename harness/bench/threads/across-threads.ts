/**
 * The cross-thread scenarios' main side: one producer thread and one consumer thread at
 * capacity 1024, through the tree's SharedBoundedBuffer, through MessagePort.postMessage per
 * item, and through postMessage of transferred batches. Only the moving is timed: from the
 * moment the gate opens, both threads being ready, until both have reported.
 */
import { MessageChannel, type MessagePort, type Worker } from 'node:worker_threads';
import { sharedBoundedBuffer } from '../../measure/kata-classes.ts';
import { WrongAnswer } from '../../measure/ledger.ts';
import type { Probe } from '../../measure/scenario.ts';
import { GO, READY, type Role } from './transport-worker.ts';

/** The workers' module, by its path from harness/. */
const WORKER = 'bench/threads/transport-worker.ts';
/** Batches in flight: together they hold `capacity` numbers. */
const BATCHES = 4;

type Start = { readonly data: Role; readonly transfer?: readonly MessagePort[] };

export function sharedBufferThreads(subject: unknown, items: number, capacity: number, probe: Probe): Promise<void> {
  const { memory } = sharedBoundedBuffer.create(subject, capacity);
  return acrossThreads(probe, [{ data: { role: 'shared-producer', items, memory } }, { data: { role: 'shared-consumer', items, memory } }]);
}

export function postMessageThreads(items: number, capacity: number, probe: Probe): Promise<void> {
  const { port1, port2 } = new MessageChannel();
  return acrossThreads(probe, [
    { data: { role: 'item-producer', items, capacity, port: port1 }, transfer: [port1] },
    { data: { role: 'item-consumer', items, capacity, port: port2 }, transfer: [port2] },
  ]);
}

export function transferredBatchThreads(items: number, capacity: number, probe: Probe): Promise<void> {
  const { port1, port2 } = new MessageChannel();
  const batch = Math.max(1, capacity / BATCHES);
  return acrossThreads(probe, [
    { data: { role: 'batch-producer', items, batch, batches: BATCHES, port: port1 }, transfer: [port1] },
    { data: { role: 'batch-consumer', items, port: port2 }, transfer: [port2] },
  ]);
}

async function acrossThreads(probe: Probe, starts: readonly Start[]): Promise<void> {
  const gate = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
  let ready = 0;
  let allReady = () => {};
  const whenReady = new Promise<void>((resolve) => {
    allReady = resolve;
  });
  const workers = starts.map(({ data, transfer }) => probe.startThread(WORKER, { ...data, gate: gate.buffer }, transfer));
  const reports = workers.map((worker) =>
    reportOf(worker, () => {
      if (++ready === workers.length) allReady();
    }),
  );
  try {
    await Promise.race([whenReady, ...reports]);
    const started = probe.now();
    Atomics.store(gate, GO, 1);
    Atomics.notify(gate, GO);
    await Promise.all(reports);
    probe.timed(probe.now() - started);
    if (Atomics.load(gate, READY) !== workers.length) throw new Error('a thread started without saying it was ready');
  } finally {
    for (const worker of workers) void worker.terminate();
  }
}

/** Settles when the worker has posted its outcome; `onReady` runs when it says it is ready. */
function reportOf(worker: Worker, onReady: () => void): Promise<void> {
  return new Promise((resolve, reject) => {
    worker.on('message', (message: { ready?: true; result?: unknown; error?: { name: string; message: string } }) => {
      if (message.ready) onReady();
      else if (message.error) reject(rebuilt(message.error));
      else resolve();
    });
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`a worker thread exited (code ${code}) before it reported`)));
  });
}

function rebuilt({ name, message }: { name: string; message: string }): Error {
  if (name === 'WrongAnswer') return new WrongAnswer(message);
  const error = new Error(message);
  error.name = name;
  return error;
}
