/** The names of the errors the contract gives a buffer's calls, as recorded in `BufferResult.error`. */
export const CLOSED = 'BufferClosedError';
export const FULL = 'BufferFullError';
