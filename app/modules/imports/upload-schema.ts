import { z } from "zod";
import type { AppLocale } from "~/modules/i18n/config";
import { failureText } from "~/modules/i18n/failure-text";
import { MAX_FILE_BYTES, MAX_FILE_MEGABYTES } from "./limits";

/**
 * The upload form's check in the browser, before sending (JavaScript on); the server checks the same
 * and reads the file. A browser sends a file input left empty as a nameless file of 0 bytes: that is
 * "no file chosen". A chosen file of 0 bytes has its name, and is "empty", as the server says too.
 * The messages are the server's refusals (`imports.file.*` in failures.json), so both say the same.
 */
export function uploadSchema(locale: AppLocale) {
  return z.object({
    file: z.custom<File>().superRefine((value, ctx) => {
      const chosen = typeof File !== "undefined" && value instanceof File && (value.size > 0 || value.name !== "");
      if (!chosen) ctx.addIssue({ code: "custom", message: failureText({ code: "imports.file.missing" }, locale) });
      else if (value.size === 0) ctx.addIssue({ code: "custom", message: failureText({ code: "imports.file.empty" }, locale) });
      else if (value.size > MAX_FILE_BYTES) {
        ctx.addIssue({ code: "custom", message: failureText({ code: "imports.file.tooLarge", values: { maxMegabytes: MAX_FILE_MEGABYTES } }, locale) });
      }
    }),
  });
}
