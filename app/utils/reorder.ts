/**
 * Moving one item of an ordered list by one place, as the "Move up" / "Move down" buttons do (the
 * tasks of a checklist template, departure reasons, a survey's questions). Pure: the caller reads the
 * current order and writes the positions back.
 */

/** The ids with `id` swapped with its neighbour, or null when it is already at that end. */
export function reorder(ids: readonly string[], id: string, direction: "up" | "down"): string[] | null {
  const index = ids.indexOf(id);
  const target = direction === "up" ? index - 1 : index + 1;
  if (index < 0 || target < 0 || target >= ids.length) return null;
  const next = [...ids];
  [next[index], next[target]] = [next[target]!, next[index]!];
  return next;
}
