/**
 * Lets the event loop run whatever is waiting (an HTTP request, a timer) before continuing.
 *
 * The embedded database (PGlite) answers from memory, so a long chain of awaited queries never
 * reaches real I/O and never hands the loop over: a job looping over thousands of rows in the web
 * process would keep every request waiting until it ends. Long loops call this between items.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
