/**
 * Random small org trees, anonymous responses and filters, from a seeded PRNG (no fast-check here):
 * a failing seed reproduces. Shared by the pure property test and the database one.
 */

/** mulberry32: tiny, seedable, good enough to spread test cases. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GeneratedResponse {
  /** Index into departments; null: no department recorded. */
  department: number | null;
  month: string;
  enps: number;
}

export interface GeneratedCase {
  /** parents[i]: index of department i's parent (department 0 is the root). */
  parents: (number | null)[];
  months: string[];
  responses: GeneratedResponse[];
}

export interface GeneratedFilter {
  department?: number;
  fromMonth?: string;
  toMonth?: string;
}

const MONTHS = ["2026-01-01", "2026-02-01", "2026-03-01", "2026-04-01"];

export function generateCase(random: () => number): GeneratedCase {
  const pick = (n: number) => Math.floor(random() * n);
  const departmentCount = 2 + pick(5);
  const parents: (number | null)[] = [null];
  for (let i = 1; i < departmentCount; i += 1) parents.push(pick(i));
  const responseCount = 5 + pick(36);
  const responses: GeneratedResponse[] = [];
  for (let i = 0; i < responseCount; i += 1) {
    // Skewed towards a few departments and months, so small complements are common.
    const department = random() < 0.1 ? null : Math.min(pick(departmentCount), pick(departmentCount));
    responses.push({ department, month: MONTHS[Math.min(pick(MONTHS.length), pick(MONTHS.length + 1))] ?? MONTHS[0]!, enps: pick(11) });
  }
  return { parents, months: MONTHS, responses };
}

/** Every filter HR can set on this case: all departments or one subtree, × every open or closed period. */
export function allFilters(generated: GeneratedCase): GeneratedFilter[] {
  const ends = [undefined, ...generated.months];
  const filters: GeneratedFilter[] = [];
  for (const department of [undefined, ...generated.parents.map((_, i) => i)]) {
    for (const fromMonth of ends) {
      for (const toMonth of ends) {
        if (fromMonth && toMonth && fromMonth > toMonth) continue;
        filters.push({ department, fromMonth, toMonth });
      }
    }
  }
  return filters;
}

function inSubtree(parents: (number | null)[], department: number | null, root: number): boolean {
  for (let current = department; current !== null; current = parents[current] ?? null) if (current === root) return true;
  return false;
}

/** Whether `inner`'s filter selects a subset of what `outer`'s selects, whatever the data. */
export function filterContains(parents: (number | null)[], outer: GeneratedFilter, inner: GeneratedFilter): boolean {
  const departments = outer.department === undefined || (inner.department !== undefined && inSubtree(parents, inner.department, outer.department));
  const from = outer.fromMonth === undefined || (inner.fromMonth !== undefined && inner.fromMonth >= outer.fromMonth);
  const to = outer.toMonth === undefined || (inner.toMonth !== undefined && inner.toMonth <= outer.toMonth);
  return departments && from && to;
}

/** The responses a filter selects, counted the slow, obvious way. */
export function countSelected(generated: GeneratedCase, filter: GeneratedFilter): number {
  return generated.responses.filter(
    (response) =>
      (filter.department === undefined || inSubtree(generated.parents, response.department, filter.department)) &&
      (!filter.fromMonth || response.month >= filter.fromMonth) &&
      (!filter.toMonth || response.month <= filter.toMonth),
  ).length;
}

/** Pairs of visible groups, one containing the other, whose counts differ by 1 to k − 1. */
export function exposingPairs(generated: GeneratedCase, visible: { filter: GeneratedFilter; count: number }[], k: number) {
  const pairs: [GeneratedFilter, GeneratedFilter][] = [];
  for (const outer of visible) {
    for (const inner of visible) {
      const difference = outer.count - inner.count;
      if (difference >= 1 && difference < k && filterContains(generated.parents, outer.filter, inner.filter)) pairs.push([outer.filter, inner.filter]);
    }
  }
  return pairs;
}
