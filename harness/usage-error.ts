/** A mistake in how a command was called: the CLI prints the message and exits 1, no stack. */
export class UsageError extends Error {
  override name = 'UsageError';
}
