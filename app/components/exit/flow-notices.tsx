import { useTranslation } from "react-i18next";
import { Alert } from "~/components/alert";

/**
 * Word carried to the page after the survey: a survey page was sent after the survey itself had been
 * sent (from another tab or window), so that page's answers were not kept. In the address, so that it
 * works without JavaScript and does not come back on the next visit.
 */
export const ALREADY_SENT_NOTICE = "notice=alreadySent";

export function saysAlreadySent(url: URL): boolean {
  return url.searchParams.get("notice") === "alreadySent";
}

/** Shown at the top of the alumni step or the thanks page, wherever that tab lands. */
export function AlreadySentNotice() {
  const { t } = useTranslation("alumni");
  return (
    <Alert tone="error" title={t("step.alreadySentTitle")}>
      <p>{t("step.alreadySent")}</p>
    </Alert>
  );
}
