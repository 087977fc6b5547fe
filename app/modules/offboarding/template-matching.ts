import type { DepartureType } from "./types";

/** The conditions a checklist template sets; empty lists and a null department mean "any". */
export interface TemplateConditions {
  active: boolean;
  departure_types: readonly DepartureType[];
  department_id: string | null;
  locations: readonly string[];
}

export interface DepartureFacts {
  type: DepartureType;
  /** The departure's department and every department above it, up to the root. */
  departmentLineage: readonly string[];
  location: string | null;
}

/**
 * Whether a template applies to a departure: every condition it sets must hold. A department
 * condition covers its whole subtree; locations compare without regard to case or spacing.
 */
export function templateMatches(template: TemplateConditions, departure: DepartureFacts): boolean {
  if (!template.active) return false;
  if (template.departure_types.length > 0 && !template.departure_types.includes(departure.type)) return false;
  if (template.department_id && !departure.departmentLineage.includes(template.department_id)) return false;
  if (template.locations.length > 0) {
    const location = normaliseLocation(departure.location);
    if (!location || !template.locations.some((l) => normaliseLocation(l) === location)) return false;
  }
  return true;
}

function normaliseLocation(value: string | null): string {
  return (value ?? "").trim().replace(/\s+/g, " ").toLowerCase();
}
