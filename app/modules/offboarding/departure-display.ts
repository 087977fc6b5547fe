import type { DepartureStatus, TaskStatus } from "./types";
import type { StatusTone } from "~/utils/status-tone";

/** How HR's pages colour a status (the word carries the meaning; the colour repeats it). */
export const DEPARTURE_STATUS_TONES: Record<DepartureStatus, StatusTone> = {
  planned: "info",
  in_progress: "warning",
  completed: "success",
  cancelled: "neutral",
};

export const TASK_STATUS_TONES: Record<TaskStatus, StatusTone> = {
  open: "info",
  done: "success",
  not_applicable: "neutral",
};

/** The longest "last day within" the list accepts, in days. */
export const UPCOMING_MAX_DAYS = 365;

/** The "last day within" choices the list offers (any other 1–365 value in the URL still works). */
export const UPCOMING_CHOICES = [7, 14, 30, 60, 90] as const;
