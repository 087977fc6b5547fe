import { useTranslation } from "react-i18next";
import { Alert } from "~/components/alert";
import type { InboxQuery } from "./inbox-query";

/** What the last action did, read from the address the action redirected to. */
export function NoticeAlert({
  notice,
}: {
  notice: NonNullable<InboxQuery["notice"]>;
}) {
  const { t } = useTranslation("tasks");
  if (notice.kind === "bulk") {
    return (
      <Alert tone="success">
        <p>{t("notices.bulk", { count: notice.count })}</p>
        {notice.skipped > 0 ? (
          <p>{t("notices.bulkSkipped", { count: notice.skipped })}</p>
        ) : null}
      </Alert>
    );
  }
  return (
    <Alert
      tone={
        notice.kind === "alreadyClosed" || notice.kind === "unchanged"
          ? "info"
          : "success"
      }
    >
      <p>{t(`notices.${notice.kind}`)}</p>
    </Alert>
  );
}
