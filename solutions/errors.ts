/**
 * The kata's error types. Tests and graders identify errors by `name`, never by
 * `instanceof`, so a tree of your own may define these however it likes as long as
 * the names match. This file is identical in `phases/` and `solutions/`.
 */

/** What every stub throws until you replace its body with your code. */
export class NotImplementedError extends Error {
  override name = 'NotImplementedError';
  /** The member still to write, such as `BoundedBuffer.offer`. */
  readonly member: string;

  constructor(member: string) {
    super(`${member} is not implemented yet: replace the throw in its body with your code`);
    this.member = member;
  }
}

/** A blocking operation waited `timeoutMs` and gave up, without any effect. */
export class TimeoutError extends Error {
  override name = 'TimeoutError';
}

/** The buffer was closed: no more puts, and takes once it is drained. */
export class BufferClosedError extends Error {
  override name = 'BufferClosedError';
}

/** The buffer was full and the overflow policy says to refuse the item. */
export class BufferFullError extends Error {
  override name = 'BufferFullError';
}

/** A circuit breaker is open and refuses calls until its reset timeout has passed. */
export class CircuitOpenError extends Error {
  override name = 'CircuitOpenError';
}
