/** ts-chan: Go-style channels; `send` waits for room, `recv` for a value, `trySend`/`tryRecv` never wait. */
import type { Peer } from './peer.ts';

export const tsChan: Peer = {
  id: 'ts-chan',
  label: 'ts-chan Chan',
  packageName: 'ts-chan',
  async create(capacity) {
    const { Chan } = await import('ts-chan');
    const chan = new Chan<number>(capacity);
    return { put: (item) => chan.send(item), take: async () => (await chan.recv()).value as number };
  },
  async createEager(capacity) {
    const { Chan } = await import('ts-chan');
    const chan = new Chan<number>(capacity);
    return {
      put: (item) => chan.send(item),
      take: async () => (await chan.recv()).value as number,
      offer: (item) => chan.trySend(item),
      poll: () => chan.tryRecv()?.value,
    };
  },
};
