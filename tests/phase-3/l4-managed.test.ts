import { describe } from 'vitest';
import { L4 } from '../../harness/levels.ts';
import { lifecycleL4 } from './lifecycle-l4.ts';
import { MANAGED } from './managed.ts';

describe(L4, () => {
  lifecycleL4(MANAGED);
});
