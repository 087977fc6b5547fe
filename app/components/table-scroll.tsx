/**
 * TableScroll: the container for a data table, scrolling sideways when the table is wider than the
 * screen (375 px phones) instead of squeezing it or widening the page.
 *
 *   <TableScroll label={t("outbox.tableLabel")}>
 *     <table className="table">…</table>
 *   </TableScroll>
 *
 * It is a focusable, named region so that keyboard users can scroll it with the arrow keys.
 */
import type { ReactNode } from "react";

export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
