/**
 * Node's streams in object mode, as a pipeline stage: a PassThrough whose writable side holds
 * `capacity` items (the readable side holds none ahead), written with `write()` and read
 * through its async iterator. `write()` stores the item and answers false once the stage is
 * full; the next put then waits for 'drain' before it writes, so at most `capacity` items
 * are ever in the stage.
 */
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import type { Peer } from './peer.ts';
import { SETTLED } from './peer.ts';

export const nodeStream: Peer = {
  id: 'node-stream',
  label: 'node:stream PassThrough (object mode)',
  packageName: null,
  async create(capacity) {
    const stage = new PassThrough({ objectMode: true, writableHighWaterMark: capacity, readableHighWaterMark: 0 });
    const reader = stage[Symbol.asyncIterator]();
    let room: Promise<void> | undefined;
    const put = (item: number): Promise<void> => {
      if (room) return room.then(() => put(item));
      if (!stage.write(item)) {
        room = once(stage, 'drain').then(() => {
          room = undefined;
        });
      }
      return SETTLED;
    };
    return { put, take: async () => (await reader.next()).value as number };
  },
};
