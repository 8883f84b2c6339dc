import { describe } from 'vitest';
import { L1 } from '../../harness/levels.ts';
import { lifecycleL1 } from './lifecycle-l1.ts';
import { MANAGED } from './managed.ts';

describe(L1, () => {
  lifecycleL1(MANAGED);
});
