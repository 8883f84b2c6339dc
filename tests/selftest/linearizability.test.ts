/**
 * The history oracle's general checker (harness/engine/linearizability.ts) on hand-made
 * histories against the buffer models (harness/engine/models/): what overlapping calls may
 * do, the four bad patterns of a FIFO queue (Henzinger, Sezgin, Vafeiadis, CONCUR 2013), the
 * other strategies and policies, pending calls, the witness of a failure, and its speed.
 */
import { describe, expect, it } from 'vitest';
import { formatHistory, HISTORY_HEADING, type HistoryOp } from '../../harness/engine/history.ts';
import { checkLinearizable, type SequentialModel } from '../../harness/engine/linearizability.ts';
import { backpressureBufferModel } from '../../harness/engine/models/backpressure-buffer.ts';
import { blockingBufferModel } from '../../harness/engine/models/blocking-buffer.ts';
import { type BufferCall, type BufferResult, bufferCall } from '../../harness/engine/models/buffer.ts';
import { managedBufferModel } from '../../harness/engine/models/managed-buffer.ts';
import { messageTimelines, parseHistories } from '../../harness/grade/render/html-timeline.ts';
import { renderHtml } from '../../harness/grade/render/index.ts';
import { sampleReport } from './grade-sample.ts';

/** Builds a history by hand: each call with its actor, its [call, return] stamps (no return: pending) and its result. */
class Script {
  readonly ops: HistoryOp[] = [];

  add(actor: string, call: BufferCall, at: readonly [number, number?], result?: BufferResult): this {
    const [invokedAt, respondedAt] = at;
    const printed = 'item' in call ? `${call.op}(${call.item})` : `${call.op}()`;
    const outcome =
      result === undefined
        ? undefined
        : (result.error ??
          (Array.isArray(result.value) ? `[${result.value.join(', ')}]` : 'value' in result ? String(result.value) : 'done'));
    this.ops.push({
      id: this.ops.length,
      actor,
      call: printed,
      invokedAt,
      input: call,
      ...(respondedAt === undefined ? {} : { respondedAt, outcome: outcome ?? 'done', output: result ?? {} }),
    });
    return this;
  }

  put(actor: string, item: string, at: readonly [number, number?], result: BufferResult = {}): this {
    return this.add(actor, bufferCall.put(item), at, at[1] === undefined ? undefined : result);
  }

  take(actor: string, item: string | undefined, at: readonly [number, number?]): this {
    return this.add(actor, bufferCall.take(), at, at[1] === undefined ? undefined : { value: item });
  }

  poll(actor: string, item: string | undefined, at: readonly [number, number]): this {
    return this.add(actor, bufferCall.poll(), at, { value: item });
  }
}

const fifo = blockingBufferModel(8);
const legal = (script: Script, model: SequentialModel<unknown> = fifo) => checkLinearizable(script.ops, model).ok;

describe('checkLinearizable on a FIFO buffer', () => {
  it('accepts a sequential history that follows the model', () => {
    const script = new Script().put('p1', 'a', [1, 2]).put('p1', 'b', [3, 4]).take('c1', 'a', [5, 6]).take('c1', 'b', [7, 8]);
    expect(legal(script)).toBe(true);
  });

  it('lets a take that overlaps another return the later item', () => {
    // Both puts are over before either take starts; the takes overlap, so c1 may go second.
    const script = new Script().put('p1', 'a', [1, 2]).put('p1', 'b', [3, 4]).take('c1', 'b', [5, 8]).take('c2', 'a', [6, 7]);
    expect(legal(script)).toBe(true);
  });

  it('lets overlapping puts go in either order', () => {
    const script = new Script().put('p1', 'a', [1, 4]).put('p2', 'b', [2, 3]).take('c1', 'b', [5, 6]).take('c1', 'a', [7, 8]);
    expect(legal(script)).toBe(true);
  });

  it('rejects an item taken twice', () => {
    const script = new Script().put('p1', 'a', [1, 2]).take('c1', 'a', [3, 4]).take('c2', 'a', [5, 6]);
    expect(legal(script)).toBe(false);
  });

  it('rejects an item taken twice even by overlapping takes', () => {
    const script = new Script().put('p1', 'a', [1, 2]).take('c1', 'a', [3, 6]).take('c2', 'a', [4, 5]);
    expect(legal(script)).toBe(false);
  });

  it('rejects an item taken from nowhere', () => {
    const script = new Script().put('p1', 'a', [1, 2]).take('c1', 'b', [3, 4]);
    expect(legal(script)).toBe(false);
  });

  it('rejects put(a) before put(b) but take(b) before take(a)', () => {
    const script = new Script().put('p1', 'a', [1, 2]).put('p2', 'b', [3, 4]).take('c1', 'b', [5, 6]).take('c2', 'a', [7, 8]);
    expect(legal(script)).toBe(false);
  });

  it('rejects "empty" while the buffer is provably not', () => {
    const script = new Script().put('p1', 'a', [1, 2]).poll('c1', undefined, [3, 4]).take('c2', 'a', [5, 6]);
    expect(legal(script)).toBe(false);
    // Had the take overlapped the poll, it could have emptied the buffer first.
    expect(legal(new Script().put('p1', 'a', [1, 2]).poll('c1', undefined, [4, 5]).take('c2', 'a', [3, 6]))).toBe(true);
  });

  it('rejects a put that completed while the buffer was full, and a take of undefined', () => {
    const one = blockingBufferModel(1);
    expect(legal(new Script().put('p1', 'a', [1, 2]).put('p2', 'b', [3, 4]), one)).toBe(false);
    // A take overlapping the second put makes room for it.
    expect(legal(new Script().put('p1', 'a', [1, 2]).put('p2', 'b', [3, 6]).take('c1', 'a', [4, 5]), one)).toBe(true);
    expect(legal(new Script().put('p1', 'a', [1, 2]).take('c1', undefined, [3, 4]))).toBe(false);
  });

  it('counts a put or take that gave up as having had no effect', () => {
    const gaveUp = { error: 'TimeoutError' };
    expect(legal(new Script().put('p1', 'a', [1, 2], gaveUp).poll('c1', undefined, [3, 4]))).toBe(true);
    expect(legal(new Script().put('p1', 'a', [1, 2], gaveUp).take('c1', 'a', [3, 4]))).toBe(false);
    const script = new Script()
      .put('p1', 'a', [1, 2])
      .add('c1', bufferCall.take(), [3, 4], { error: 'AbortError' })
      .poll('c2', 'a', [5, 6]);
    expect(legal(script)).toBe(true);
  });

  it('requires drainTo to return everything left, oldest first', () => {
    const base = () => new Script().put('p1', 'a', [1, 2]).put('p1', 'b', [3, 4]).put('p1', 'c', [5, 6]).take('c1', 'a', [7, 8]);
    expect(legal(base().add('test', bufferCall.drain(), [9, 10], { value: ['b', 'c'] }))).toBe(true);
    expect(legal(base().add('test', bufferCall.drain(), [9, 10], { value: ['c', 'b'] }))).toBe(false);
    expect(legal(base().add('test', bufferCall.drain(), [9, 10], { value: ['b'] }))).toBe(false);
  });
});

describe('checkLinearizable with pending calls', () => {
  it('lets a pending put take effect before a take that returned its item', () => {
    expect(legal(new Script().put('p1', 'a', [1]).take('c1', 'a', [2, 3]))).toBe(true);
  });

  it('lets a pending take be left out, or take effect', () => {
    expect(legal(new Script().put('p1', 'a', [1, 2]).take('c1', undefined, [3]).poll('c2', 'a', [4, 5]))).toBe(true);
    expect(legal(new Script().put('p1', 'a', [1, 2]).take('c1', undefined, [3]).poll('c2', undefined, [4, 5]))).toBe(true);
  });

  it('never lets a pending call take effect before it was called', () => {
    expect(legal(new Script().take('c1', 'a', [1, 2]).put('p1', 'a', [3]))).toBe(false);
  });
});

describe('checkLinearizable on the other strategies and policies', () => {
  it('LIFO: the newest item comes out first', () => {
    const lifo = managedBufferModel({ capacity: 4, strategy: 'lifo' });
    const puts = () => new Script().put('p1', 'a', [1, 2]).put('p1', 'b', [3, 4]);
    expect(legal(puts().take('c1', 'b', [5, 6]).take('c1', 'a', [7, 8]), lifo)).toBe(true);
    expect(legal(puts().take('c1', 'a', [5, 6]).take('c1', 'b', [7, 8]), lifo)).toBe(false);
  });

  it('priority: the lowest number first, equal numbers in arrival order', () => {
    const priority = managedBufferModel({ capacity: 4, strategy: 'priority' });
    const puts = () =>
      new Script()
        .add('p1', bufferCall.put('a', 1), [1, 2], {})
        .add('p1', bufferCall.put('b', 0), [3, 4], {})
        .add('p1', bufferCall.put('c', 0), [5, 6], {});
    expect(legal(puts().take('c1', 'b', [7, 8]).take('c1', 'c', [9, 10]).take('c1', 'a', [11, 12]), priority)).toBe(true);
    expect(legal(puts().take('c1', 'c', [7, 8]).take('c1', 'b', [9, 10]).take('c1', 'a', [11, 12]), priority)).toBe(false);
  });

  it('close: takes drain what is left and are refused only once it is empty; puts are refused', () => {
    const managed = managedBufferModel({ capacity: 2 });
    const closed = () => new Script().put('p1', 'a', [1, 2]).add('test', bufferCall.close(), [3, 4], {});
    expect(legal(closed().take('c1', 'a', [5, 6]).add('c1', bufferCall.take(), [7, 8], { error: 'BufferClosedError' }), managed)).toBe(
      true,
    );
    expect(legal(closed().add('c1', bufferCall.take(), [5, 6], { error: 'BufferClosedError' }), managed)).toBe(false);
    expect(legal(closed().put('p2', 'b', [5, 6]), managed)).toBe(false);
    expect(legal(closed().put('p2', 'b', [5, 6], { error: 'BufferClosedError' }), managed)).toBe(true);
    expect(legal(new Script().put('p2', 'b', [1, 2], { error: 'BufferClosedError' }), managed)).toBe(false);
  });

  it('closeNow: returns what was left in strategy order and leaves the buffer empty', () => {
    const managed = managedBufferModel({ capacity: 2, strategy: 'lifo' });
    const puts = () => new Script().put('p1', 'a', [1, 2]).put('p1', 'b', [3, 4]);
    expect(legal(puts().add('test', bufferCall.closeNow(), [5, 6], { value: ['b', 'a'] }), managed)).toBe(true);
    expect(legal(puts().add('test', bufferCall.closeNow(), [5, 6], { value: ['a', 'b'] }), managed)).toBe(false);
    const after = puts().add('test', bufferCall.closeNow(), [5, 6], { value: ['b', 'a'] });
    expect(legal(after.add('c1', bufferCall.take(), [7, 8], { error: 'BufferClosedError' }), managed)).toBe(true);
  });

  it('drop policies: which item onDrop receives', () => {
    const full = () => new Script().put('p1', 'a', [1, 2]).put('p1', 'b', [3, 4]);
    const oldest = backpressureBufferModel({ capacity: 2, policy: 'drop-oldest', strategy: 'lifo' });
    expect(
      legal(
        full()
          .put('p1', 'c', [5, 6], { dropped: ['a'] })
          .take('c1', 'c', [7, 8]),
        oldest,
      ),
    ).toBe(true);
    expect(legal(full().put('p1', 'c', [5, 6], { dropped: ['b'] }), oldest)).toBe(false);
    expect(legal(full().put('p1', 'c', [5, 6]), oldest)).toBe(false);
    const newest = backpressureBufferModel({ capacity: 2, policy: 'drop-newest' });
    expect(
      legal(
        full()
          .put('p1', 'c', [5, 6], { dropped: ['c'] })
          .take('c1', 'a', [7, 8]),
        newest,
      ),
    ).toBe(true);
    const lowest = backpressureBufferModel({ capacity: 2, policy: 'drop-lowest-priority', strategy: 'priority' });
    const mixed = () => new Script().add('p1', bufferCall.put('a', 2), [1, 2], {}).add('p1', bufferCall.put('b', 2), [3, 4], {});
    // Among equal numbers the newest stored goes; an incoming item that ties the worst is the one dropped.
    expect(legal(mixed().add('p1', bufferCall.put('c', 0), [5, 6], { dropped: ['b'] }), lowest)).toBe(true);
    expect(legal(mixed().add('p1', bufferCall.put('c', 0), [5, 6], { dropped: ['a'] }), lowest)).toBe(false);
    expect(legal(mixed().add('p1', bufferCall.put('c', 2), [5, 6], { dropped: ['c'] }), lowest)).toBe(true);
    const reject = backpressureBufferModel({ capacity: 2, policy: 'reject' });
    expect(legal(full().put('p1', 'c', [5, 6], { error: 'BufferFullError' }), reject)).toBe(true);
    expect(legal(new Script().put('p1', 'c', [5, 6], { error: 'BufferFullError' }), reject)).toBe(false);
  });
});

/**
 * A legal history by construction: `actors` alternate producers and consumers of `perActor`
 * calls each on a FIFO of `capacity`, interleaved at random; each call takes effect at a
 * random moment between its call and its return, when the buffer allows it.
 */
function simulated(seed: number, actors: number, perActor: number, capacity: number): HistoryOp[] {
  let state = seed >>> 0;
  const random = (n: number) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % n;
  };
  const stored: string[] = [];
  const ops: HistoryOp[] = [];
  let clock = 0;
  const people = Array.from({ length: actors }, (_, i) => ({
    name: i % 2 === 0 ? `p${i / 2 + 1}` : `c${(i + 1) / 2}`,
    producer: i % 2 === 0,
    done: 0,
    current: undefined as { op: HistoryOp; effect: boolean } | undefined,
  }));
  for (let guard = 0; guard < 100_000; guard++) {
    const live = people.filter((person) => person.done < perActor || person.current);
    if (live.length === 0) break;
    const person = live[random(live.length)] as (typeof people)[number];
    const current = person.current;
    if (!current) {
      const item = `${person.name}#${person.done}`;
      const op: HistoryOp = person.producer
        ? { id: ops.length, actor: person.name, call: `put(${item})`, invokedAt: ++clock, input: bufferCall.put(item) }
        : { id: ops.length, actor: person.name, call: 'take()', invokedAt: ++clock, input: bufferCall.take() };
      ops.push(op);
      person.current = { op, effect: false };
    } else if (!current.effect) {
      if (person.producer && stored.length < capacity) {
        stored.push((current.op.input as { item: string }).item);
        current.effect = true;
        current.op.output = {};
        current.op.outcome = 'done';
      } else if (!person.producer && stored.length > 0) {
        const item = stored.shift() as string;
        current.effect = true;
        current.op.output = { value: item };
        current.op.outcome = item;
      }
    } else {
      current.op.respondedAt = ++clock;
      person.current = undefined;
      person.done++;
    }
  }
  return ops;
}

describe('the witness of a failure', () => {
  it('is the shortest failing prefix reduced to the operations it needs, printed as a table', () => {
    const script = new Script()
      .put('p1', 'x', [1, 2])
      .take('c1', 'x', [3, 4])
      .put('p1', 'a', [5, 6])
      .put('p2', 'b', [7, 8])
      .put('p1', 'y', [9, 10])
      .take('c1', 'b', [11, 12])
      .take('c2', 'a', [13, 14])
      .take('c1', 'y', [15, 16])
      .put('p2', 'z', [17, 18]);
    const verdict = checkLinearizable(script.ops, fifo);
    expect(verdict.ok).toBe(false);
    if (verdict.ok) return;
    // The pattern is put(a) < put(b), take(b) < take(a); x and y, and z after it all, are not needed.
    expect(verdict.witness.map((op) => op.call).sort()).toEqual(['put(a)', 'put(b)', 'take()']);
    expect(verdict.witness).toHaveLength(3);
    expect(verdict.culprit?.outcome).toBe('b');
    expect(verdict.report).toContain(HISTORY_HEADING);
    expect(verdict.report).toContain('a blocking FIFO buffer of capacity 8');
    expect(verdict.report).toContain("c1's take() returned b");
  });

  it('never leaves out an operation whose absence would be a new reason to fail', () => {
    // put(b) cannot go without take(b): "taken from nowhere" is not what went wrong.
    const script = new Script().put('p1', 'a', [1, 2]).put('p1', 'b', [3, 4]).take('c1', 'b', [5, 6]);
    const verdict = checkLinearizable(script.ops, fifo);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.witness).toHaveLength(3);
  });
});

describe('the witness under a drop policy', () => {
  it('leaves out only blocks of calls that are over before the rest begins and leave the buffer as they found it', () => {
    const lowest = backpressureBufferModel({ capacity: 2, policy: 'drop-lowest-priority' });
    const script = new Script()
      .put('p1', 'x', [1, 3])
      .take('c1', 'x', [2, 4])
      .add('c1', bufferCall.take(), [5, 6], { error: 'TimeoutError' })
      .add('p2', bufferCall.put('a', 2), [7, 8], {})
      .add('p2', bufferCall.put('b', 2), [9, 10], {})
      // Wrong victim: among equal numbers the newest (b) goes.
      .add('p2', bufferCall.put('c', 0), [11, 12], { dropped: ['a'] });
    const verdict = checkLinearizable(script.ops, lowest);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.witness.map((op) => op.call)).toEqual(['put(a)', 'put(b)', 'put(c)']);
    // The same block, overlapping the puts: it may have held a slot when c came, so it stays.
    const overlapping = new Script()
      .add('p2', bufferCall.put('a', 2), [1, 2], {})
      .put('p1', 'x', [3, 6])
      .add('p2', bufferCall.put('b', 2), [4, 5], {})
      .take('c1', 'x', [7, 10])
      .add('p2', bufferCall.put('c', 0), [8, 9], { dropped: ['a'] });
    const kept = checkLinearizable(overlapping.ops, backpressureBufferModel({ capacity: 3, policy: 'drop-lowest-priority' }));
    expect(kept.ok).toBe(false);
    if (!kept.ok) expect(kept.witness).toHaveLength(5);
  });
});

describe('speed', () => {
  it('checks a 60-operation history of six actors in well under a second', () => {
    const ops = simulated(7, 6, 10, 2);
    expect(ops).toHaveLength(60);
    let started = performance.now();
    expect(checkLinearizable(ops, blockingBufferModel(2)).ok).toBe(true);
    const legalMs = performance.now() - started;
    // Swap the results of two takes of one consumer: now an item comes out before an older one.
    const broken = ops.map((op) => ({ ...op }));
    const takes = broken.filter((op) => op.actor === 'c1');
    const [first, last] = [takes[0] as HistoryOp, takes.at(-1) as HistoryOp];
    [first.output, last.output, first.outcome, last.outcome] = [last.output, first.output, last.outcome, first.outcome];
    started = performance.now();
    const verdict = checkLinearizable(broken, blockingBufferModel(2));
    const brokenMs = performance.now() - started;
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.witness.length).toBeLessThan(20);
    expect(legalMs).toBeLessThan(250);
    expect(brokenMs).toBeLessThan(1000);
  });
});

describe('the timeline of a history in report.html', () => {
  const script = new Script()
    .put('p1', 'a', [1, 2])
    .put('p2', 'b', [3, 6])
    .take('c1', 'b', [4, 5])
    .add('c2', bufferCall.take(), [7, 8], { error: 'TimeoutError' })
    .take('c1', undefined, [9]);
  const message = [
    'AssertionError: Property: something.',
    '  ✗ not linearizable: …',
    formatHistory(script.ops),
    '(fast-check seed 1)',
  ].join('\n');

  it('reads the table back: one lane per actor, one bar per call, pending ones open-ended', () => {
    const [history, ...more] = parseHistories(message);
    expect(more).toEqual([]);
    expect(history?.actors).toEqual(['p1', 'p2', 'c1', 'c2']);
    expect(history?.rows).toBe(10);
    expect(history?.operations).toEqual([
      { lane: 0, call: 'put(a)', from: 0, to: 1, outcome: 'done' },
      { lane: 2, call: 'take()', from: 3, to: 4, outcome: 'b' },
      { lane: 1, call: 'put(b)', from: 2, to: 5, outcome: 'done' },
      { lane: 3, call: 'take()', from: 6, to: 7, outcome: 'TimeoutError' },
      { lane: 2, call: 'take()', from: 8 },
    ]);
    // Indented (as a ledger's sentences indent it) or cut short, it still reads.
    expect(parseHistories(message.replaceAll('\n', '\n    '))[0]?.operations).toHaveLength(5);
    expect(parseHistories(message.slice(0, message.indexOf('→ TimeoutError')))[0]?.operations).toHaveLength(4);
    expect(parseHistories('no history here')).toEqual([]);
  });

  it('draws it as inline SVG under the message, which keeps the table', () => {
    const report = sampleReport();
    const phase = report.phases[0];
    const first = phase?.failures[0];
    if (!phase || !first) throw new Error('the sample report has no failure');
    const page = renderHtml({
      ...report,
      phases: [{ ...phase, failures: [{ ...first, message }, ...phase.failures.slice(1)] }, ...report.phases.slice(1)],
    });
    const svg = page.match(/<svg class="timeline"[\s\S]*?<\/svg>/g) ?? [];
    expect(svg).toHaveLength(1);
    expect(svg[0]?.match(/<rect class="(ref|warn|idle)"/g)).toHaveLength(5);
    expect(svg[0]).toContain('>put(b)</text>');
    expect(svg[0]).toContain('>→ TimeoutError</text>');
    expect(svg[0]).toContain('>(still waiting)</text>');
    expect(svg[0]).not.toMatch(/<script|style=|href/);
    expect(page).toContain(`${HISTORY_HEADING}\n  | p1`);
    expect(messageTimelines('AssertionError: no history')).toBe('');
  });
});
