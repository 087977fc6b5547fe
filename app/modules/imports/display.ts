import type { CsvImportStatus } from "../../../db/schema";
import type { StatusTone } from "~/utils/status-tone";

/** The badge colour of each import status (the word carries the meaning). */
export const IMPORT_STATUS_TONES: Record<CsvImportStatus, StatusTone> = {
  uploaded: "neutral",
  importing: "info",
  completed: "success",
  failed: "danger",
};
