import type { StatusTone } from "~/components/status-badge";
import type { CsvImportStatus } from "../../../db/schema";

/** The badge colour of each import status (the word carries the meaning). */
export const IMPORT_STATUS_TONES: Record<CsvImportStatus, StatusTone> = {
  uploaded: "neutral",
  importing: "info",
  completed: "success",
  failed: "danger",
};
