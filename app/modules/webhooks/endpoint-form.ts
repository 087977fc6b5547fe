import { z } from "zod";
import { WEBHOOK_EVENT_TYPES } from "./event-types";

/** HR's endpoint form, shared by the browser (instant feedback) and the server (the real check). */
export const ENDPOINT_URL_MAX = 2000;
export const ENDPOINT_DESCRIPTION_MAX = 500;

export interface EndpointFormMessages {
  urlRequired: string;
  urlInvalid: string;
  urlTooLong: string;
  descriptionTooLong: string;
  eventTypesRequired: string;
}

export function endpointFormSchema(messages: EndpointFormMessages) {
  return z.object({
    url: z
      .string({ error: messages.urlRequired })
      .trim()
      .min(1, { error: messages.urlRequired, abort: true })
      .max(ENDPOINT_URL_MAX, { error: messages.urlTooLong, abort: true })
      .refine(isHttpUrl, { error: messages.urlInvalid }),
    description: z
      .string()
      .trim()
      .max(ENDPOINT_DESCRIPTION_MAX, { error: messages.descriptionTooLong })
      .optional()
      .transform((value) => value ?? ""),
    // One checkbox per type: absent (none ticked), one value or several.
    eventTypes: z.preprocess(
      (value) => (value === undefined || value === null || value === "" ? [] : Array.isArray(value) ? value : [value]),
      z.array(z.enum(WEBHOOK_EVENT_TYPES as [string, ...string[]], { error: messages.eventTypesRequired })).min(1, { error: messages.eventTypesRequired }),
    ),
    enabled: z.preprocess((value) => value === "on" || value === "true" || value === true, z.boolean()),
  });
}

/** The schema with its messages in the page's language (`t` of the `webhooks` namespace): the create form and the endpoint's page. */
export function translatedEndpointFormSchema(t: (key: string, options?: Record<string, unknown>) => string) {
  return endpointFormSchema({
    urlRequired: t("validation.urlRequired"),
    urlInvalid: t("validation.urlInvalid"),
    urlTooLong: t("validation.urlTooLong", { max: ENDPOINT_URL_MAX }),
    descriptionTooLong: t("validation.descriptionTooLong", { max: ENDPOINT_DESCRIPTION_MAX }),
    eventTypesRequired: t("validation.eventTypesRequired"),
  });
}

export type EndpointFormValue = z.output<ReturnType<typeof endpointFormSchema>>;
/** What the form's fields hold before parsing (conform's field metadata is typed by it). */
export type EndpointFormInput = z.input<ReturnType<typeof endpointFormSchema>>;

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "https:" || url.protocol === "http:") && url.hostname.length > 0;
  } catch {
    return false;
  }
}
