import type { Migration } from "kysely";
import * as foundation from "./2026-11-27T0900_foundation";
import * as offboarding from "./2026-11-27T1200_offboarding";

/**
 * Every migration, in order. An in-code list (not FileMigrationProvider) so that migrations load
 * the same way in the server bundle, under tsx and under vitest (see docs/decisions/003).
 * Add new files here with a sortable timestamped name.
 */
export const migrations: Record<string, Migration> = {
  "2026-11-27T0900_foundation": foundation,
  "2026-11-27T1200_offboarding": offboarding,
};
