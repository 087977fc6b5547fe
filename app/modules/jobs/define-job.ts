import type { z } from "zod";

/** A background job: a queue name, a zod schema for its payload and the function that does the work. */
export interface JobDefinition<Schema extends z.ZodType = z.ZodType> {
  name: string;
  schema: Schema;
  /**
   * Retries with exponential backoff on a thrown error (transient failures). A DomainFailure is a
   * refusal, not a transient failure: the runner logs its codes and never retries it (ADR 013).
   */
  retryLimit?: number;
  retryDelaySeconds?: number;
  /** A job running longer than this is considered dead and retried. */
  expireInSeconds?: number;
  /**
   * A cron schedule ("5 * * * *") in the company's time zone: a process that works jobs registers it
   * with pg-boss, which then queues one job per tick whatever the number of workers.
   */
  cron?: string;
  /** Handlers must be idempotent: pg-boss delivers at least once. */
  handler: (payload: z.output<Schema>, meta: { jobId: string }) => Promise<void>;
}

export function defineJob<Schema extends z.ZodType>(definition: JobDefinition<Schema>): JobDefinition<Schema> {
  return definition;
}
