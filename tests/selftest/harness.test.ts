import { describe, expect, it } from 'vitest';
import { typeErrorLines } from '../../harness/cli/type-check.ts';
import { Ledger, tagged } from '../../harness/engine/ledger.ts';

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
    ledger.take('c1', tagged('p1', 1));
    ledger.take('c2', tagged('p1', 0));
    ledger.take('c3', tagged('p1', 1));
    ledger.take('c1', tagged('p9', 0));
    expect(ledger.violations()).toEqual([
      'item p1#0 came out after p1#1, but it went in first (FIFO order per producer broken)',
      'item p1#1 was taken twice, by c1 and c3',
      'c1 received p9#0, which no producer ever put in (or which was refused)',
      'item p1#2 was accepted but never came out and is not in the buffer either (lost)',
    ]);
    expect(ledger.violations([tagged('p1', 2)])).not.toContain(
      'item p1#2 was accepted but never came out and is not in the buffer either (lost)',
    );
  });
});
