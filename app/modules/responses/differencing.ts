/**
 * Complementary suppression for anonymous results (pure; the server module feeds it counts).
 *
 * Hiding groups under k is not enough: HR could read a wider selection (all departments, or a
 * longer period) and a narrower one, both ≥ k, and subtract them to get the answers of the few
 * people in between. So a group is also withheld when some wider selection HR could ask for
 * (an ancestor department's subtree or all departments, a period that contains this one, or both
 * at once) holds between 1 and k − 1 more responses. Checking every wider selection, not only the
 * widest, is what keeps nested filters (Engineering ⊃ Platform, Jan–Mar ⊃ Jan–Feb) from being
 * compared either: of any two visible groups where one contains the other, the narrower one was
 * checked against the wider one.
 */

/** Anonymous responses of one survey in one department (null: none recorded) and month. */
export interface ResponseCell {
  departmentId: string | null;
  /** "YYYY-MM-01". */
  month: string;
  count: number;
}

export interface DifferencingQuery {
  cells: readonly ResponseCell[];
  /** Every department's parent (null for a root). */
  parentOf: ReadonlyMap<string, string | null>;
  /** The filtered department (with its subtree); undefined: all departments. */
  departmentId?: string;
  /** First and last month included, "YYYY-MM-01"; undefined: open. */
  fromMonth?: string;
  toMonth?: string;
  minGroupSize: number;
}

/** The department and its ancestors, nearest first (stops on a cycle rather than looping). */
function lineage(departmentId: string, parentOf: ReadonlyMap<string, string | null>): string[] {
  const seen: string[] = [];
  let current: string | null | undefined = departmentId;
  while (current && !seen.includes(current)) {
    seen.push(current);
    current = parentOf.get(current);
  }
  return seen;
}

/**
 * True when some selection containing this one (same survey) differs from it by 1 to k − 1
 * responses, so showing this group's figures next to that one's would expose those few people.
 */
export function exposedByDifferencing(query: DifferencingQuery): boolean {
  const { cells, parentOf, departmentId, fromMonth, toMonth, minGroupSize } = query;
  const months = [...new Set(cells.map((cell) => cell.month))].sort();
  const inPeriod = months.map((month) => (!fromMonth || month >= fromMonth) && (!toMonth || month <= toMonth));
  const lo = inPeriod.indexOf(true);
  if (lo === -1) return false; // nothing in the period: the group is empty, never shown anyway
  const hi = inPeriod.lastIndexOf(true);

  // The department sets that contain the filtered one: its ancestors' subtrees, then everything
  // (which also holds the responses with no department).
  const widerDepartments: (string | null)[] = departmentId ? [...lineage(departmentId, parentOf), null] : [null];
  const lineages = new Map<string, string[]>();
  const lineageOf = (id: string) => {
    let found = lineages.get(id);
    if (!found) lineages.set(id, (found = lineage(id, parentOf)));
    return found;
  };
  const monthIndex = new Map(months.map((month, index) => [month, index]));

  // Per wider department set, responses per month, as prefix sums: any period is then a subtraction.
  const prefixes = widerDepartments.map((wider) => {
    const perMonth: number[] = Array(months.length).fill(0);
    for (const cell of cells) {
      const inside = wider === null || (cell.departmentId !== null && lineageOf(cell.departmentId).includes(wider));
      if (inside) perMonth[monthIndex.get(cell.month)!]! += cell.count;
    }
    const prefix = [0];
    for (const count of perMonth) prefix.push(prefix[prefix.length - 1]! + count);
    return prefix;
  });
  const between = (prefix: number[], first: number, last: number) => prefix[last + 1]! - prefix[first]!;

  // widerDepartments[0] is the filtered group's own department set (or everything).
  const own = between(prefixes[0]!, lo, hi);
  for (const prefix of prefixes) {
    // Every period containing this one, in terms of the months that hold responses.
    for (let first = 0; first <= lo; first += 1) {
      for (let last = hi; last < months.length; last += 1) {
        const difference = between(prefix, first, last) - own;
        if (difference > 0 && difference < minGroupSize) return true;
      }
    }
  }
  return false;
}
