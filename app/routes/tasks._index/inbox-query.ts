import { z } from "zod";

/**
 * The inbox's query string: `later=all` shows every later task (forms post to the page's address,
 * so it survives an action), and after an action the redirect says what happened (`done`, `count`,
 * `skipped`). The page writes these itself, so a bad value is dropped, never an error.
 */

export const NOTICES = [
  "completed",
  "notApplicable",
  "reassigned",
  "unchanged",
  "alreadyClosed",
  "bulk",
] as const;
export type Notice = (typeof NOTICES)[number];

const count = z.coerce.number().int().min(0).catch(0);

export const inboxQuerySchema = z.object({
  later: z.literal("all").optional().catch(undefined),
  done: z.enum(NOTICES).optional().catch(undefined),
  count,
  skipped: count,
});

export interface InboxQuery {
  allLater: boolean;
  notice: { kind: Notice; count: number; skipped: number } | null;
}

export function readInboxQuery(url: URL): InboxQuery {
  const params = url.searchParams;
  const { later, done, count, skipped } = inboxQuerySchema.parse({
    later: params.get("later") ?? undefined,
    done: params.get("done") ?? undefined,
    count: params.get("count") ?? undefined,
    skipped: params.get("skipped") ?? undefined,
  });
  return {
    allLater: later === "all",
    notice: done ? { kind: done, count, skipped } : null,
  };
}

/** Where an action sends the person back: the inbox, saying what happened, keeping `later=all`. */
export function inboxNoticeUrl(
  kind: Notice,
  options: { count?: number; skipped?: number; allLater: boolean },
): string {
  const query = new URLSearchParams({ done: kind });
  if (options.count !== undefined) query.set("count", String(options.count));
  if (options.skipped) query.set("skipped", String(options.skipped));
  if (options.allLater) query.set("later", "all");
  return `/tasks?${query}`;
}
