/**
 * @thi.ng/csp: a channel over a fixed-size FIFO; `write` resolves once the value is buffered or
 * delivered, `read` with the next value; `offer`/`poll` never wait. `write` resolves false on a
 * closed channel, which the bench never closes: a refused item would show up as lost.
 */
import type { Peer } from './peer.ts';

export const thingCsp: Peer = {
  id: 'thi-ng-csp',
  label: '@thi.ng/csp channel',
  packageName: '@thi.ng/csp',
  async create(capacity) {
    const { channel } = await import('@thi.ng/csp');
    const chan = channel<number>(capacity);
    return { put: (item) => chan.write(item), take: () => chan.read() as Promise<number> };
  },
  async createEager(capacity) {
    const { channel } = await import('@thi.ng/csp');
    const chan = channel<number>(capacity);
    return {
      put: (item) => chan.write(item),
      take: () => chan.read() as Promise<number>,
      offer: (item) => chan.offer(item),
      poll: () => chan.poll(),
    };
  },
};
