import type { StatusTone } from "~/components/status-badge";
import type { EmailStatus } from "../../../db/schema";

/** Shared by the outbox pages (server and browser): how each delivery status looks. */
export const EMAIL_STATUS_TONES: Record<EmailStatus, StatusTone> = {
  queued: "info",
  sent: "success",
  captured: "neutral",
  failed: "danger",
};
