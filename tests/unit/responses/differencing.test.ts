import { exposedByDifferencing, type ResponseCell } from "~/modules/responses/differencing";
import { allFilters, countSelected, exposingPairs, generateCase, seededRandom, type GeneratedCase, type GeneratedFilter } from "../../support/differencing-generator";

const K = 5;

function cellsOf(generated: GeneratedCase): ResponseCell[] {
  const cells = new Map<string, ResponseCell>();
  for (const response of generated.responses) {
    const departmentId = response.department === null ? null : `d${response.department}`;
    const key = `${departmentId}|${response.month}`;
    const cell = cells.get(key) ?? { departmentId, month: response.month, count: 0 };
    cell.count += 1;
    cells.set(key, cell);
  }
  return [...cells.values()];
}

function parentMap(generated: GeneratedCase) {
  return new Map(generated.parents.map((parent, i) => [`d${i}`, parent === null ? null : `d${parent}`]));
}

function exposed(generated: GeneratedCase, filter: GeneratedFilter) {
  return exposedByDifferencing({
    cells: cellsOf(generated),
    parentOf: parentMap(generated),
    departmentId: filter.department === undefined ? undefined : `d${filter.department}`,
    fromMonth: filter.fromMonth,
    toMonth: filter.toMonth,
    minGroupSize: K,
  });
}

/** Root d0 with Engineering d1 (Platform d2 under it) and Sales d3. */
const tree: (number | null)[] = [null, 0, 1, 0];
function responses(...groups: [department: number | null, month: string, count: number][]): GeneratedCase {
  return {
    parents: tree,
    months: [...new Set(groups.map(([, month]) => month))].sort(),
    responses: groups.flatMap(([department, month, count]) => Array.from({ length: count }, () => ({ department, month, enps: 8 }))),
  };
}

describe("exposedByDifferencing", () => {
  it("flags a department whose complement within all departments is 1 to k − 1, not one whose complement is 0 or ≥ k", () => {
    const data = responses([1, "2026-01-01", 17], [3, "2026-01-01", 3]);
    expect(exposed(data, { department: 1 })).toBe(true);
    expect(exposed(responses([1, "2026-01-01", 17]), { department: 1 })).toBe(false);
    expect(exposed(responses([1, "2026-01-01", 17], [3, "2026-01-01", 5]), { department: 1 })).toBe(false);
  });

  it("compares a sub-department with its parent's subtree too, not only with all departments", () => {
    // Platform 8, Engineering 10 in all, Sales 20: all − Platform = 22, but Engineering − Platform = 2.
    const data = responses([2, "2026-01-01", 8], [1, "2026-01-01", 2], [3, "2026-01-01", 20]);
    expect(exposed(data, { department: 2 })).toBe(true);
  });

  it("compares a period with every longer period, not only with all time", () => {
    // Jan–Feb 15, Jan–Mar 18, all time 24: all time − Jan–Feb = 9, but March alone = 3.
    const data = responses([1, "2026-01-01", 8], [1, "2026-02-01", 7], [1, "2026-03-01", 3], [1, "2026-04-01", 6]);
    expect(exposed(data, { fromMonth: "2026-01-01", toMonth: "2026-02-01" })).toBe(true);
    expect(exposed(data, { fromMonth: "2026-01-01", toMonth: "2026-03-01" })).toBe(false);
  });

  it("flags a department-and-period cell whose only small complement is against all departments and all time", () => {
    const data = responses([1, "2026-01-01", 10], [3, "2026-02-01", 3]);
    expect(exposed(data, { department: 1, fromMonth: "2026-01-01", toMonth: "2026-01-01" })).toBe(true);
  });

  it("counts responses with no department in all departments only", () => {
    const data = responses([0, "2026-01-01", 10], [null, "2026-01-01", 2]);
    expect(exposed(data, { department: 0 })).toBe(true);
    expect(exposed(data, {})).toBe(false);
  });
});

describe("property: no two visible nested groups differ by 1 to k − 1", () => {
  it("holds for 400 random org trees, response sets and every pair of filters", () => {
    let withoutSuppression = 0;
    let suppressedByDifferencing = 0;
    for (let seed = 1; seed <= 400; seed += 1) {
      const generated = generateCase(seededRandom(seed));
      const groups = allFilters(generated).map((filter) => ({ filter, count: countSelected(generated, filter) }));
      const bigEnough = groups.filter((group) => group.count >= K);
      const visible = bigEnough.filter((group) => !exposed(generated, group.filter));
      suppressedByDifferencing += bigEnough.length - visible.length;
      // The generator does produce differencing attacks against the k-only rule...
      withoutSuppression += exposingPairs(generated, bigEnough, K).length;
      // ...and none survive complementary suppression.
      expect({ seed, pairs: exposingPairs(generated, visible, K) }).toEqual({ seed, pairs: [] });
    }
    expect(withoutSuppression).toBeGreaterThan(100);
    expect(suppressedByDifferencing).toBeGreaterThan(100);
  });
});
