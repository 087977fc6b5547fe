/**
 * The shape every list page of HR's settings shares (reasons, teams, departments, holidays,
 * templates): a link back to the settings, the page header, the confirmation of the last change,
 * the refusals of the list's own buttons, the list (or its empty state) and a card with the form
 * that adds one more. Texts come from the `settings` namespace under the page's section:
 * `<section>.title`, `<section>.lead`, `<section>.notices.<notice>`.
 *
 *   <SettingsListPage section="teams" notice={notice} isEmpty={teams.length === 0}
 *     empty={{ title: t("teams.emptyTitle"), description: t("teams.emptyBody") }}
 *     add={{ id: "create-team-title", title: t("teams.createTitle"), form: <TeamForm /> }}>
 *     <TeamCards teams={teams} />
 *   </SettingsListPage>
 */
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Alert } from "~/components/alert";
import { EmptyState, type EmptyStateProps } from "~/components/empty-state";
import { FormErrorSummary } from "~/components/form-error-summary";
import { PageHeader } from "~/components/page-header";

export interface SettingsListPageProps {
  /** The page's section of the `settings` namespace: "reasons", "teams", "departments"… */
  section: string;
  /** The confirmation after a redirect (`?notice=`), a key under `<section>.notices`. */
  notice: string | null;
  /** Refusals of the buttons in the list (delete, move…), shown above it. */
  errors?: readonly string[];
  /** Beside the title (a "New …" link). */
  headerActions?: ReactNode;
  /** Notes between the header and the list. */
  intro?: ReactNode;
  /** With a title, the list sits in a card under that heading; without, it stands on the page. */
  list?: { id: string; title: string };
  isEmpty?: boolean;
  empty?: Pick<EmptyStateProps, "title" | "description" | "action">;
  /** The card with the form that adds one more. */
  add?: { id: string; title: string; form: ReactNode };
  children: ReactNode;
}

export function SettingsListPage({
  section,
  notice,
  errors,
  headerActions,
  intro,
  list,
  isEmpty = false,
  empty,
  add,
  children,
}: SettingsListPageProps) {
  const { t } = useTranslation("settings");
  const content =
    isEmpty && empty ? (
      <EmptyState headingLevel={list ? 3 : 2} {...empty} />
    ) : (
      children
    );
  return (
    <>
      <p className="settings-back">
        <Link to="/admin/settings">{t("backToSettings")}</Link>
      </p>
      <PageHeader
        title={t(`${section}.title`)}
        lead={t(`${section}.lead`)}
        actions={headerActions}
      />
      {notice ? (
        <Alert tone="success">{t(`${section}.notices.${notice}`)}</Alert>
      ) : null}
      <FormErrorSummary errors={errors} />
      {intro}
      {list ? (
        <section className="card" aria-labelledby={list.id}>
          <h2 id={list.id}>{list.title}</h2>
          {content}
        </section>
      ) : (
        content
      )}
      {add ? (
        <section className="card" aria-labelledby={add.id}>
          <h2 id={add.id}>{add.title}</h2>
          {add.form}
        </section>
      ) : null}
    </>
  );
}

/**
 * The refusals to show above the list: those of every form on the page except the add form, whose
 * own errors stand in it.
 */
export function listErrors(
  actionData:
    | { intent: string; result: { error?: Record<string, unknown> | null } }
    | undefined,
  addIntent: string,
): string[] {
  if (!actionData || actionData.intent === addIntent) return [];
  return Object.values(actionData.result.error ?? {}).flat() as string[];
}
