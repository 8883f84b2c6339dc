/** A concurrent run that stopped making progress while operations were still waiting. */
export class DeadlockError extends Error {
  override name = 'DeadlockError';
}
