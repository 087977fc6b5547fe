import fc from "fast-check";
import { formBlocks, type PoolEntry } from "~/modules/responses/blocks";

/**
 * The release's cut, over random department trees and pools: every released entry lands in exactly
 * one block, every block holds at least k, and a block holds only responses from its anchor's
 * subtree (or is company-wide).
 */

/** A random forest: department i's parent is an earlier department or none. */
const treeArbitrary = fc
  .integer({ min: 1, max: 12 })
  .chain((size) => fc.tuple(...Array.from({ length: size }, (_, index) => (index === 0 ? fc.constant(null) : fc.option(fc.integer({ min: 0, max: index - 1 }), { nil: null })))))
  .map((parents) => new Map(parents.map((parent, index) => [`d${index}`, parent === null ? null : `d${parent}`])));

const scenarioArbitrary = treeArbitrary.chain((tree) =>
  fc.record({
    tree: fc.constant(tree),
    k: fc.integer({ min: 3, max: 10 }),
    entries: fc.array(
      fc.record({
        department: fc.option(fc.constantFrom(...tree.keys()), { nil: null, freq: 8 }),
        type: fc.option(fc.constantFrom("voluntary", "involuntary", "retirement"), { nil: null }),
      }),
      { maxLength: 60 },
    ),
  }),
);

function subtreeOf(anchor: string, tree: ReadonlyMap<string, string | null>): Set<string> {
  const inside = new Set([anchor]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [id, parent] of tree) {
      if (parent !== null && inside.has(parent) && !inside.has(id)) {
        inside.add(id);
        grew = true;
      }
    }
  }
  return inside;
}

describe("formBlocks", () => {
  it("partitions the pool into blocks of at least k, each within its anchor's subtree", () => {
    fc.assert(
      fc.property(scenarioArbitrary, ({ tree, k, entries }) => {
        const pool: PoolEntry[] = entries.map((entry, index) => ({ id: `e${index}`, departmentId: entry.department, departureType: entry.type }));
        const blocks = formBlocks(pool, tree, k);
        if (pool.length < k) {
          expect(blocks).toEqual([]);
          return;
        }
        const placed = blocks.flatMap((block) => block.entryIds);
        expect(placed.slice().sort()).toEqual(pool.map((entry) => entry.id).sort());
        const byId = new Map(pool.map((entry) => [entry.id, entry]));
        for (const block of blocks) {
          expect(block.entryIds.length).toBeGreaterThanOrEqual(k);
          const members = block.entryIds.map((id) => byId.get(id)!);
          expect(block.departmentIds).toEqual([...new Set(members.flatMap((m) => (m.departmentId ? [m.departmentId] : [])))].sort());
          expect(block.includesUnassigned).toBe(members.some((m) => m.departmentId === null));
          expect(block.departureTypes).toEqual([...new Set(members.flatMap((m) => (m.departureType ? [m.departureType] : [])))].sort());
          if (block.anchorDepartmentId !== null) {
            const subtree = subtreeOf(block.anchorDepartmentId, tree);
            for (const member of members) expect(subtree.has(member.departmentId!)).toBe(true);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it("gives a department that reaches k a block of its own, and counts a small one with its parent", () => {
    const tree = new Map<string, string | null>([
      ["company", null],
      ["engineering", "company"],
      ["platform", "engineering"],
      ["mobile", "engineering"],
      ["sales", "company"],
    ]);
    const entries = (department: string, count: number) =>
      Array.from({ length: count }, (_, index) => ({ id: `${department}-${index}`, departmentId: department, departureType: "voluntary" }));
    const blocks = formBlocks([...entries("platform", 5), ...entries("mobile", 2), ...entries("engineering", 3), ...entries("sales", 7)], tree, 5);
    expect(blocks.map((block) => [block.anchorDepartmentId, block.entryIds.length, block.departmentIds])).toEqual([
      ["platform", 5, ["platform"]],
      // "Other in Engineering": Mobile's 2 with Engineering's own 3.
      ["engineering", 5, ["engineering", "mobile"]],
      ["sales", 7, ["sales"]],
    ]);
  });

  it("adds a company-level remainder below k to the smallest block, which then covers the whole company", () => {
    const tree = new Map<string, string | null>([
      ["engineering", null],
      ["sales", null],
      ["marketing", null],
    ]);
    const entries = (department: string | null, count: number) =>
      Array.from({ length: count }, (_, index) => ({ id: `${department}-${index}`, departmentId: department, departureType: null }));
    const blocks = formBlocks([...entries("engineering", 8), ...entries("sales", 6), ...entries("marketing", 1), ...entries(null, 1)], tree, 5);
    expect(blocks.map((block) => [block.anchorDepartmentId, block.entryIds.length, block.departmentIds, block.includesUnassigned])).toEqual([
      ["engineering", 8, ["engineering"], false],
      [null, 8, ["marketing", "sales"], true],
    ]);
  });

  it("still forms blocks when the tree has a cycle", () => {
    const tree = new Map<string, string | null>([
      ["a", "b"],
      ["b", "a"],
    ]);
    const pool = Array.from({ length: 6 }, (_, index) => ({ id: `e${index}`, departmentId: index % 2 ? "a" : "b", departureType: null }));
    const blocks = formBlocks(pool, tree, 5);
    expect(blocks.flatMap((block) => block.entryIds).sort()).toEqual(pool.map((entry) => entry.id).sort());
    for (const block of blocks) expect(block.entryIds.length).toBeGreaterThanOrEqual(5);
  });
});
