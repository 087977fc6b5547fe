import type { EmailStatus } from "../../../db/schema";
import type { StatusTone } from "~/utils/status-tone";

/** Shared by the outbox pages (server and browser): how each delivery status looks. */
export const EMAIL_STATUS_TONES: Record<EmailStatus, StatusTone> = {
  queued: "info",
  sent: "success",
  captured: "neutral",
  failed: "danger",
};
