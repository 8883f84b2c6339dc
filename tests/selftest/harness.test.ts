import { describe, expect, it } from 'vitest';
import { typeErrorLines } from '../../harness/cli/type-check.ts';
import { installTimerTracking } from '../../harness/engine/code-timers.ts';
import { Ledger, tagged } from '../../harness/engine/ledger.ts';
import { settle, watch } from '../../harness/engine/promises.ts';
import { finishOrStuck } from '../../harness/engine/quiescence.ts';

describe('the type check beside npm run phase', () => {
  it("keeps only the compiler's errors about the phase's own files", () => {
    const output = [
      "phases/01-basic-buffer/bounded-buffer.ts(35,11): error TS2322: Type 'string' is not assignable to type 'number'.",
      "phases/02-thread-safety/condition.ts(3,1): error TS6133: 'x' is declared but its value is never read.",
      'harness/cli/phase.ts(1,1): error TS1005: something of the kata',
      '',
    ].join('\n');
    expect(typeErrorLines(output, 'phases/01-basic-buffer')).toEqual([
      "phases/01-basic-buffer/bounded-buffer.ts(35,11): error TS2322: Type 'string' is not assignable to type 'number'.",
    ]);
  });
});

describe('the ledger', () => {
  it('names the item and the consumers in every kind of violation', () => {
    const ledger = new Ledger();
    for (let seq = 0; seq < 3; seq++) ledger.put(tagged('p1', seq));
    ledger.taking('c1');
    ledger.take('c1', tagged('p1', 1));
    ledger.taking('c2');
    ledger.take('c2', tagged('p1', 0));
    ledger.taking('c3');
    ledger.take('c3', tagged('p1', 1));
    ledger.take('c1', tagged('p9', 0));
    const found = ledger.violations().map((line) => line.split('\n')[0]);
    expect(found).toEqual([
      "item p1#0 came out after p1#1, but p1#0 went in first, and c1's take of p1#1 returned before c2's take of p1#0 was called (FIFO order broken)",
      'item p1#1 was taken twice, by c1 and c3',
      'c1 received p9#0, which no producer ever put in (or which was refused)',
      'item p1#2 was accepted but never came out and is not in the buffer either (lost)',
    ]);
    expect(ledger.violations([tagged('p1', 2)])).not.toContain(
      'item p1#2 was accepted but never came out and is not in the buffer either (lost)',
    );
  });

  it('does not judge order by when awaits resumed: takes that overlap may return in either order', () => {
    const ledger = new Ledger();
    ledger.put(tagged('p1', 31));
    ledger.put(tagged('p1', 32));
    ledger.taking('c1'); // waits, and is handed p1#31 ...
    ledger.taking('c2'); // ... while a fast-path take gets p1#32 and resumes first
    ledger.take('c2', tagged('p1', 32));
    ledger.take('c1', tagged('p1', 31));
    expect(ledger.violations()).toEqual([]);
  });

  it('without taking(), bounds a take call by the same consumer’s previous result', () => {
    const ledger = new Ledger();
    for (let seq = 0; seq < 2; seq++) ledger.put(tagged('p1', seq));
    ledger.take('c1', tagged('p1', 1));
    ledger.take('c2', tagged('p1', 0));
    expect(ledger.violations(), 'c2 may have called take before c1 returned').toEqual([]);
    ledger.put(tagged('p1', 2));
    ledger.put(tagged('p1', 3));
    ledger.take('c1', tagged('p1', 3));
    ledger.take('c1', tagged('p1', 2));
    expect(ledger.violations()[0]).toMatch(/^item p1#2 came out after p1#3/);
  });

  it('checks order across producers once a put is known to have returned, and prints the operations one column per actor', () => {
    const ledger = new Ledger();
    ledger.put(tagged('p1', 0));
    ledger.putDone(tagged('p1', 0));
    ledger.put(tagged('p2', 0));
    ledger.putDone(tagged('p2', 0));
    ledger.taking('c1');
    ledger.take('c1', tagged('p2', 0));
    ledger.taking('c1');
    ledger.take('c1', tagged('p1', 0));
    const [violation] = ledger.violations();
    expect(violation).toContain('put(p1#0) returned before put(p2#0) was called');
    expect(violation).toContain('| p1 ');
    expect(violation).toContain('| c1 ');
    expect(violation).toContain('→ p2#0');
  });

  it('an item returned by closeNow() that was also taken counts as taken twice', () => {
    const ledger = new Ledger({ synchronous: true });
    ledger.put(tagged('p1', 0));
    ledger.take('c1', tagged('p1', 0));
    expect(ledger.violations([tagged('p1', 0)])[0]).toContain('taken twice');
  });
});

describe('liveness without a wall clock', () => {
  installTimerTracking();

  it('calls a run stuck when nothing can move any more', async () => {
    const never = new Promise<void>(() => {});
    await expect(finishOrStuck(never, () => 'nobody can wake it')).rejects.toThrow(/deadlock: nobody can wake it/);
  });

  it('does not call a run stuck while it keeps yielding to the event loop, however long that takes', async () => {
    let left = 5_000;
    const yielding = new Promise<void>((resolve) => {
      const step = () => (--left === 0 ? resolve() : setImmediate(step));
      setImmediate(step);
    });
    await expect(finishOrStuck(yielding, () => 'stuck')).resolves.toBeUndefined();
  });

  it('does not call a run stuck while the code waits on a timer of its own', async () => {
    const later = new Promise<string>((resolve) => setTimeout(() => resolve('fired'), 700));
    await expect(finishOrStuck(later, () => 'stuck')).resolves.toBe('fired');
  });

  it('settle() lets a call finish that yields to setImmediate several times', async () => {
    let hops = 0;
    const hop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve)).then(() => (++hops < 20 ? hop() : undefined));
    const watched = watch(hop());
    await settle();
    expect(watched.current.state).toBe('fulfilled');
  });
});
