/**
 * Helpers of the unit tests (no cdktf synthesis, nothing slow).
 */

/** The message of the error `fn` throws; fails when it throws nothing. */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error, but none was thrown');
}

/** The `code` of the TpuGkeError `fn` throws. */
export function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as { code?: string }).code ?? `not a TpuGkeError: ${(e as Error).message}`;
  }
  throw new Error('expected an error, but none was thrown');
}
