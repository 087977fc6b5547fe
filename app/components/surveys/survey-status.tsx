import { useTranslation } from "react-i18next";
import { StatusBadge } from "~/components/status-badge";

/** Published vN / draft, then what else matters at a glance: active, unpublished changes, archived. */
export function SurveyStatus({
  survey,
}: {
  survey: { currentVersion: number | null; isActiveExit: boolean; unpublishedChanges: boolean; archived: boolean };
}) {
  const { t } = useTranslation("surveys");
  return (
    <>
      {survey.currentVersion === null ? (
        <StatusBadge>{t("builder.status.draft")}</StatusBadge>
      ) : (
        <StatusBadge tone="info">{t("builder.status.published", { version: survey.currentVersion })}</StatusBadge>
      )}
      {survey.isActiveExit ? <StatusBadge tone="success">{t("builder.status.active")}</StatusBadge> : null}
      {survey.currentVersion !== null && survey.unpublishedChanges && !survey.archived ? (
        <StatusBadge tone="warning">{t("builder.status.unpublished")}</StatusBadge>
      ) : null}
      {survey.archived ? <StatusBadge>{t("builder.status.archived")}</StatusBadge> : null}
    </>
  );
}
