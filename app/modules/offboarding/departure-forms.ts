import { z } from "zod";
import { departureUpdateSchema, taskDefinitionSchema, type DepartureUpdate, type TaskDefinition } from "./schemas";
import type { Translate } from "~/modules/i18n/translator";

/**
 * The schemas of HR's departure-page forms, shared by the browser (conform) and the actions, so
 * that both accept and refuse the same input with the same messages. They wrap the domain schemas
 * of schemas.ts and only adapt what an HTML form sends.
 */

export const DEPARTURE_PAGE_INTENTS = ["update", "cancel", "addTask", "editTask", "removeTask", "personalEmail"] as const;
export type DeparturePageIntent = (typeof DEPARTURE_PAGE_INTENTS)[number];

/** An owner select's value: "team:<id>" or "user:<id>" (one control for "a person or a team"). */
export function ownerValue(owner: { kind: "user" | "team"; id: string } | null | undefined): string {
  return owner ? `${owner.kind}:${owner.id}` : "";
}

function splitOwner(raw: unknown): unknown {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return raw;
  const { owner, ...rest } = raw as Record<string, unknown>;
  const match = typeof owner === "string" ? /^(user|team):(.*)$/.exec(owner) : null;
  return {
    ...rest,
    ownerUserId: match?.[1] === "user" ? match[2] : undefined,
    ownerTeamId: match?.[1] === "team" ? match[2] : undefined,
  };
}

/** What the task form sends (conform's view of it: every value a string). */
export interface TaskFormValues {
  titleEn: string;
  titleFr: string;
  descriptionEn: string;
  descriptionFr: string;
  category: string;
  owner: string;
  ownerUserId: string;
  ownerTeamId: string;
  anchor: string;
  offsetBusinessDays: string;
  beforeLastDay: string;
}

/** What the dates-and-status form sends. */
export interface DatesFormValues {
  noticeDate: string;
  lastDay: string;
  terminationDate: string;
  status: string;
}

/**
 * A task definition from the add/edit form: `taskDefinitionSchema` with the single owner select
 * split into ownerUserId / ownerTeamId first. `t` translates the `offboarding` namespace. Owner
 * errors come back under `ownerUserId` (or `ownerTeamId`); the form shows them beside the select.
 */
export function taskFormSchema(t: Translate): z.ZodType<TaskDefinition, Partial<TaskFormValues>> {
  // The cast names the form's input: z.preprocess types its input as `unknown`, and conform
  // derives the form's fields from the schema's input type.
  return z.preprocess(splitOwner, taskDefinitionSchema(t)) as unknown as z.ZodType<TaskDefinition, Partial<TaskFormValues>>;
}

const UPDATE_FIELDS = ["noticeDate", "lastDay", "terminationDate", "status"] as const;

/**
 * The dates-and-status form: `departureUpdateSchema` (strict, as the API wants it) given only the
 * fields it knows, since the form also carries its `intent`.
 */
export function departureDatesFormSchema(t: Translate): z.ZodType<DepartureUpdate, Partial<DatesFormValues>> {
  const schema = z.preprocess((raw) => {
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return raw;
    const source = raw as Record<string, unknown>;
    return Object.fromEntries(UPDATE_FIELDS.filter((field) => field in source).map((field) => [field, source[field]]));
  }, departureUpdateSchema(t));
  return schema as unknown as z.ZodType<DepartureUpdate, Partial<DatesFormValues>>;
}

/**
 * A confirmation box that must be ticked (cancel a departure, remove a task): the no-JavaScript
 * way to ask "are you sure?". `message` is shown beside the box when it is not ticked.
 */
export function confirmationSchema(message: string) {
  return z.object({
    confirm: z.literal("on", { error: message }),
  });
}
