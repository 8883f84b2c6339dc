/**
 * Everything the bench moves items through with the same workloads: the kata's buffers (from
 * the tree under test), the peer libraries and the await ceiling. `pace` sizes each one's runs
 * (items = a workload's base count × pace) so that a slow contender does not take ten times
 * as long as a fast one; it changes the time spent, not the figure.
 */
import type { AsyncAdapter, EagerAdapter } from '../measure/adapters.ts';
import { awaitCeiling } from './ceilings.ts';
import { asyncChannel } from './peers/async-channel.ts';
import { esfx } from './peers/esfx.ts';
import { nodeStream } from './peers/node-stream.ts';
import type { Peer } from './peers/peer.ts';
import { repeater } from './peers/repeater.ts';
import { thingCsp } from './peers/thi-ng-csp.ts';
import { tsChan } from './peers/ts-chan.ts';
import { webStream } from './peers/web-stream.ts';
import { TREE_CONTENDERS } from './tree-contenders.ts';

export type ContenderKind = 'kata' | 'peer' | 'ceiling';

export interface Contender {
  readonly id: string;
  readonly label: string;
  readonly kind: ContenderKind;
  /** The export name of the class of the tree it is made from; null for peers and ceilings. */
  readonly subject: string | null;
  readonly ordered: boolean;
  readonly pace: number;
  readonly packageName: string | null;
  create(subject: unknown, capacity: number): AsyncAdapter<number> | Promise<AsyncAdapter<number>>;
  createEager?(subject: unknown, capacity: number): EagerAdapter<number> | Promise<EagerAdapter<number>>;
}

/** Rough speed relative to ManagedBuffer's, from runs on a 2-core machine. */
const PACE: Readonly<Record<string, number>> = {
  'managed-fifo': 1,
  'managed-lifo': 1,
  'managed-priority': 0.8,
  'backpressure-block': 0.6,
  blocking: 0.05,
  semaphore: 0.1,
  'async-channel': 0.7,
  'ts-chan': 0.1,
  'thi-ng-csp': 0.5,
  repeater: 0.03,
  esfx: 0.17,
  'node-stream': 0.08,
  'web-stream': 0.12,
  'ceiling-await': 1,
};

const fromPeer = (peer: Peer): Contender => ({
  id: peer.id,
  label: peer.label,
  kind: 'peer',
  subject: null,
  ordered: true,
  pace: PACE[peer.id] ?? 0.25,
  packageName: peer.packageName,
  create: (_, capacity) => peer.create(capacity),
  createEager: peer.createEager && ((_, capacity) => (peer.createEager as NonNullable<Peer['createEager']>)(capacity)),
});

export const PEERS: readonly Peer[] = [asyncChannel, tsChan, thingCsp, repeater, esfx, nodeStream, webStream];

export const CONTENDERS: readonly Contender[] = [
  ...TREE_CONTENDERS.map(
    ({ id, label, exportName, ordered, buffer }): Contender => ({
      id,
      label,
      kind: 'kata',
      subject: exportName,
      ordered,
      pace: PACE[id] ?? 0.25,
      packageName: null,
      create: buffer,
      createEager: buffer,
    }),
  ),
  ...PEERS.map(fromPeer),
  {
    id: 'ceiling-await',
    label: 'ceiling: one await per put and take',
    kind: 'ceiling',
    subject: null,
    ordered: true,
    pace: PACE['ceiling-await'] ?? 1,
    packageName: null,
    create: awaitCeiling,
  },
];
