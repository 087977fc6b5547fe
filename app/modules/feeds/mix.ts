import type { FeedKind } from "../../../db/schema";

/**
 * The mix rule of issue 11 (docs/decisions/019): HR sets the most promotional items the share feed
 * may hold, as a share of what an alumnus reads (40 % unless HR changes it). Company items are the
 * promotional ones. The feed keeps its newest-first order except where a company item would push
 * the share of company items above the limit: that item waits (it is deferred, never dropped) until
 * enough external items come before it. When no external item is left, the remaining company items
 * follow in their order: the limit holds "where possible".
 */

export const DEFAULT_PROMOTIONAL_MAX_PERCENT = 40;

export interface MixItem {
  kind: FeedKind;
}

/** Whether one more company item keeps `company + 1` out of `total + 1` within `maxPercent`. */
function fits(company: number, total: number, maxPercent: number): boolean {
  // Integers only: no rounding decides whether an item fits.
  return (company + 1) * 100 <= maxPercent * (total + 1);
}

/**
 * `items` (newest first) in feed order: each position takes the newest item left unless it is a
 * company item that would break the limit and an external item is left to take instead. Items of
 * one kind keep their relative order.
 */
export function mixFeed<T extends MixItem>(items: readonly T[], maxPercent: number): T[] {
  const company = items.filter((item) => item.kind === "company");
  const external = items.filter((item) => item.kind !== "company");
  const order = new Map(items.map((item, index) => [item, index]));
  const feed: T[] = [];
  let c = 0;
  let e = 0;
  while (c < company.length || e < external.length) {
    const nextCompany = company[c];
    const nextExternal = external[e];
    const companyIsNewer = nextCompany !== undefined && (nextExternal === undefined || order.get(nextCompany)! < order.get(nextExternal)!);
    if (nextCompany !== undefined && (nextExternal === undefined || (companyIsNewer && fits(c, feed.length, maxPercent)))) {
      feed.push(nextCompany);
      c += 1;
    } else {
      feed.push(nextExternal!);
      e += 1;
    }
  }
  return feed;
}

export interface Mix {
  company: number;
  external: number;
  total: number;
  /** The share of company items, rounded to a whole percent; 0 for an empty feed. */
  companyPercent: number;
  maxPercent: number;
  /** Whether the company items are more than the limit allows (the feed then defers some of them). */
  overLimit: boolean;
}

/** The current mix of the live feed, as the review page shows it beside the limit. */
export function describeMix(counts: { company: number; external: number }, maxPercent: number): Mix {
  const total = counts.company + counts.external;
  return {
    company: counts.company,
    external: counts.external,
    total,
    companyPercent: total === 0 ? 0 : Math.round((counts.company * 100) / total),
    maxPercent,
    overLimit: counts.company * 100 > maxPercent * total,
  };
}
