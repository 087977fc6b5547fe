import type { SubmissionResult } from "@conform-to/react";
import type { SerializeFrom } from "@remix-run/node";
import type { AppLocale } from "~/modules/i18n/config";
import type { importHeaderOf, loadImportPage } from "~/modules/imports/import-page.server";

/**
 * What the import page's loader and action send, for its components (in their own files, which
 * cannot import the route's types back without a cycle).
 */
export interface ImportPageLoaderData {
  locale: AppLocale;
  importRow: ReturnType<typeof importHeaderOf>;
  page: Awaited<ReturnType<typeof loadImportPage>>;
  inRequestLimit: number;
}

export type LoaderData = SerializeFrom<ImportPageLoaderData>;

export interface ImportPageActionData {
  result: SubmissionResult<string[]>;
}
