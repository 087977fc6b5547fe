/**
 * When a failed delivery is tried again (docs/decisions/035): the schedule Svix documents for
 * Standard Webhooks — 5 seconds, 5 minutes, 30 minutes, 2 hours, 5 hours, 10 hours and 10 hours
 * after each failure — so a receiver gets eight attempts over about 27 hours, then the delivery is
 * `failed`. Fixed delays (no jitter): the log can say exactly when the next attempt comes.
 */
export const RETRY_DELAYS_SECONDS = [5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600] as const;

/** Attempts in one series: the first and one per delay. */
export const MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;

/**
 * When to try again after the failure of attempt `retryStep` (0 = the first attempt of a series),
 * or null when the series is over and the delivery has failed.
 */
export function nextAttemptAfterFailure(retryStep: number, failedAt: Date): Date | null {
  const delay = RETRY_DELAYS_SECONDS[retryStep];
  return delay === undefined ? null : new Date(failedAt.getTime() + delay * 1000);
}
