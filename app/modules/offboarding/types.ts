/** Offboarding vocabulary shared by the server, the browser and the API schemas. */
export const DEPARTURE_TYPES = ["voluntary", "involuntary", "retirement", "end_of_contract", "other"] as const;
export type DepartureType = (typeof DEPARTURE_TYPES)[number];

export const DEPARTURE_STATUSES = ["planned", "in_progress", "completed", "cancelled"] as const;
export type DepartureStatus = (typeof DEPARTURE_STATUSES)[number];

export const TASK_CATEGORIES = ["access", "equipment", "payroll_benefits", "knowledge_transfer", "communication", "other"] as const;
export type TaskCategory = (typeof TASK_CATEGORIES)[number];

export const TASK_ANCHORS = ["notice_date", "last_day", "termination_date"] as const;
export type TaskAnchor = (typeof TASK_ANCHORS)[number];

export const TASK_STATUSES = ["open", "done", "not_applicable"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/**
 * What becomes of the tasks already due (before today) when a departure is recorded after the fact:
 * left open, or closed at once as done or not applicable.
 */
export const OVERDUE_TASK_CHOICES = ["open", "done", "not_applicable"] as const;
export type OverdueTasksChoice = (typeof OVERDUE_TASK_CHOICES)[number];
