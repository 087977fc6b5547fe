/**
 * How a release cuts the pool of anonymous responses into blocks (pure; docs/decisions/008).
 *
 * Every anonymous figure is a sum over whole blocks, so the only thing that must hold here is that
 * each block has at least k responses and that the blocks partition the released entries. Blocks
 * follow the department tree so that HR can still read results by department: walking up from the
 * deepest departments, a department whose responses (with those its children passed up) reach k
 * becomes a block; one below k passes its responses to its parent, which becomes "other in
 * <parent>". At the top, what is left (with the responses of people without a department) forms a
 * company-wide block, or, when even that stays under k, joins the smallest block already formed.
 */

export interface PoolEntry {
  id: string;
  departmentId: string | null;
  departureType: string | null;
}

export interface FormedBlock {
  /** The department the block was formed at; null: the whole company. */
  anchorDepartmentId: string | null;
  entryIds: string[];
  /** Every department whose responses the block holds, sorted. */
  departmentIds: string[];
  /** Holds responses recorded without a department (or with one no longer in the tree). */
  includesUnassigned: boolean;
  departureTypes: string[];
}

/** The tree as the release reads it: every department's parent (null for a top-level one). */
export type ParentMap = ReadonlyMap<string, string | null>;

/**
 * The parent used to walk up: a department's recorded parent, or the company level when it has
 * none, when the parent is unknown, or when following parents would loop (the settings refuse
 * cycles; a block must still form if one slipped in).
 */
function effectiveParents(parentOf: ParentMap): Map<string, string | null> {
  const parents = new Map<string, string | null>();
  for (const id of parentOf.keys()) {
    const seen = new Set<string>([id]);
    let current = parentOf.get(id) ?? null;
    let loops = false;
    while (current !== null && parentOf.has(current)) {
      if (seen.has(current)) {
        loops = true;
        break;
      }
      seen.add(current);
      current = parentOf.get(current) ?? null;
    }
    const parent = parentOf.get(id) ?? null;
    parents.set(id, loops || parent === null || !parentOf.has(parent) ? null : parent);
  }
  return parents;
}

function depthOf(id: string, parents: ReadonlyMap<string, string | null>, memo: Map<string, number>): number {
  const known = memo.get(id);
  if (known !== undefined) return known;
  const parent = parents.get(id) ?? null;
  const depth = parent === null ? 1 : depthOf(parent, parents, memo) + 1;
  memo.set(id, depth);
  return depth;
}

function blockOf(anchor: string | null, entries: readonly PoolEntry[], known: ReadonlyMap<string, unknown>): FormedBlock {
  const departments = new Set<string>();
  const types = new Set<string>();
  let unassigned = false;
  for (const entry of entries) {
    if (entry.departmentId !== null && known.has(entry.departmentId)) departments.add(entry.departmentId);
    else unassigned = true;
    if (entry.departureType !== null) types.add(entry.departureType);
  }
  return {
    anchorDepartmentId: anchor,
    entryIds: entries.map((entry) => entry.id),
    departmentIds: [...departments].sort(),
    includesUnassigned: unassigned,
    departureTypes: [...types].sort(),
  };
}

/**
 * The blocks of one release: a partition of `entries` into blocks of at least `minBlockSize`.
 * Fewer entries than that in all: no block (the release waits).
 */
export function formBlocks(entries: readonly PoolEntry[], parentOf: ParentMap, minBlockSize: number): FormedBlock[] {
  if (!Number.isInteger(minBlockSize) || minBlockSize < 1) throw new RangeError("minBlockSize must be a positive integer");
  if (entries.length < minBlockSize) return [];
  const parents = effectiveParents(parentOf);

  // What each department holds: its own responses, then those its children pass up.
  const waiting = new Map<string, PoolEntry[]>();
  const company: PoolEntry[] = [];
  for (const entry of entries) {
    if (entry.departmentId !== null && parents.has(entry.departmentId)) {
      const list = waiting.get(entry.departmentId) ?? [];
      list.push(entry);
      waiting.set(entry.departmentId, list);
    } else {
      company.push(entry);
    }
  }

  // Deepest first, so that a department is decided only after all its children.
  const memo = new Map<string, number>();
  const pending = new Set(waiting.keys());
  for (const id of [...pending]) {
    for (let parent = parents.get(id) ?? null; parent !== null; parent = parents.get(parent) ?? null) pending.add(parent);
  }
  const order = [...pending].sort((a, b) => depthOf(b, parents, memo) - depthOf(a, parents, memo) || a.localeCompare(b));

  const blocks: FormedBlock[] = [];
  for (const id of order) {
    const held = waiting.get(id) ?? [];
    if (held.length === 0) continue;
    if (held.length >= minBlockSize) {
      blocks.push(blockOf(id, held, parents));
      continue;
    }
    const parent = parents.get(id) ?? null;
    if (parent === null) company.push(...held);
    else waiting.set(parent, [...(waiting.get(parent) ?? []), ...held]);
  }

  if (company.length >= minBlockSize || blocks.length === 0) {
    if (company.length > 0) blocks.push(blockOf(null, company, parents));
    return blocks;
  }
  if (company.length > 0) {
    // Too few at the company level: they join the smallest block, which becomes company-wide.
    let smallest = 0;
    blocks.forEach((block, index) => {
      if (block.entryIds.length < blocks[smallest]!.entryIds.length) smallest = index;
    });
    const target = blocks[smallest]!;
    const members = new Map(entries.map((entry) => [entry.id, entry]));
    const merged = [...target.entryIds.map((id) => members.get(id)!), ...company];
    blocks[smallest] = blockOf(null, merged, parents);
  }
  return blocks;
}
