/**
 * EmptyState: what a list or a section shows while it has nothing, saying what will appear and,
 * when there is one, what to do next.
 *
 *   <EmptyState title={t("departures.emptyTitle")} description={t("departures.emptyBody")}
 *               action={<ButtonLink to="new">{t("departures.add")}</ButtonLink>} />
 *
 * `headingLevel` keeps the document outline right (default h2; use 3 inside a section with an h2).
 */
import type { ReactNode } from "react";

export interface EmptyStateProps {
  title: ReactNode;
  description?: ReactNode;
  action?: ReactNode;
  headingLevel?: 2 | 3 | 4;
  className?: string;
}

export function EmptyState({ title, description, action, headingLevel = 2, className }: EmptyStateProps) {
  const Heading = `h${headingLevel}` as "h2" | "h3" | "h4";
  return (
    <div className={["empty-state", className].filter(Boolean).join(" ")}>
      <Heading className="empty-state__title">{title}</Heading>
      {description ? <p className="empty-state__description">{description}</p> : null}
      {action ? <div className="empty-state__action">{action}</div> : null}
    </div>
  );
}
