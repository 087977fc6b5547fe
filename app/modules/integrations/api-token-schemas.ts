import { z } from "zod";

/** The API token form (settings page) and the CLI's options: shared by the browser and the server. */
export const API_TOKEN_NAME_MAX = 100;
export const API_TOKEN_EXPIRY_DAYS_MAX = 3650;
/** The choices the settings form offers; the CLI takes any number of days up to the maximum. */
export const API_TOKEN_EXPIRY_CHOICES = [30, 90, 180, 365] as const;

/** Name and optional lifetime in days (messages given by the caller, in its language). */
export function apiTokenOptionsSchema(messages: { nameRequired: string; nameTooLong: string; expiryInvalid: string }) {
  return z.object({
    name: z
      .string({ error: messages.nameRequired })
      .trim()
      .min(1, { error: messages.nameRequired, abort: true })
      .max(API_TOKEN_NAME_MAX, { error: messages.nameTooLong }),
    // Empty (a form's "never" option) or absent: no expiry.
    expiresInDays: z.preprocess(
      (value) => (value === "" || value === null ? undefined : value),
      z.coerce
        .number({ error: messages.expiryInvalid })
        .int({ error: messages.expiryInvalid })
        .min(1, { error: messages.expiryInvalid })
        .max(API_TOKEN_EXPIRY_DAYS_MAX, { error: messages.expiryInvalid })
        .optional(),
    ),
  });
}

