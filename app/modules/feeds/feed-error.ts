import type { Failure, FailureCode, FailureValue } from "~/utils/failures";

/**
 * Why a source could not be read: a timeout, a body too large, a redirect loop, an address inside
 * the network, an HTTP status, something that is not a feed. Not a refusal of HR's input (ADR 013)
 * but a fault of the source, recorded on it (`last_error`, `last_error_values`) and shown to HR in
 * their language through failures.json's `feedFetch.*` messages. The message holds the code only.
 */
export type FeedErrorCode = Extract<FailureCode, `feedFetch.${string}`>;

export class FeedError extends Error {
  override readonly name = "FeedError";

  constructor(
    readonly code: FeedErrorCode,
    readonly values: Record<string, FailureValue> = {},
    options?: { cause?: unknown },
  ) {
    super(code, options);
  }

  /** The failure an edge writes in words (failureText). */
  get failure(): Failure {
    return { code: this.code, values: this.values };
  }
}

export function isFeedError(error: unknown): error is FeedError {
  return error instanceof FeedError;
}
