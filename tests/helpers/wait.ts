export interface WaitOptions {
  /** give up after this many ms (default 10 s) */
  timeout?: number;
  /** how often to check, in ms (default 20) */
  interval?: number;
  /** what is being waited for, for the error message (a function: worked out when it is needed) */
  what?: string | (() => string);
}

/**
 * Waits until `cond` returns a truthy value and returns it; throws when it has not within the
 * timeout. Tests wait on what they need to see, never on a fixed sleep.
 */
export async function waitFor<T>(cond: () => T | Promise<T>, opts: WaitOptions = {}): Promise<NonNullable<T>> {
  const timeout = opts.timeout ?? 10_000;
  const interval = opts.interval ?? 20;
  const end = Date.now() + timeout;
  for (;;) {
    const value = await cond();
    if (value) return value as NonNullable<T>;
    if (Date.now() >= end) {
      const what = typeof opts.what === 'function' ? opts.what() : opts.what ?? 'a condition';
      throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}
