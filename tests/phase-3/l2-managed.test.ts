import { describe } from 'vitest';
import { L2 } from '../../harness/levels.ts';
import { lifecycleL2 } from './lifecycle-l2.ts';
import { MANAGED } from './managed.ts';

describe(L2, () => {
  lifecycleL2(MANAGED);
});
