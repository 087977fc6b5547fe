/**
 * PageHeader: the page's one <h1>, an optional lead sentence and optional actions (buttons, links).
 *
 *   <PageHeader title={t("people.title")} lead={t("people.lead")}
 *               actions={<ButtonLink to="new">{t("people.add")}</ButtonLink>} />
 *
 * On narrow screens the actions move under the title.
 */
import type { ReactNode } from "react";

export interface PageHeaderProps {
  title: ReactNode;
  lead?: ReactNode;
  actions?: ReactNode;
  /** Id of the <h1>, for aria-labelledby on a surrounding section. */
  titleId?: string;
}

export function PageHeader({ title, lead, actions, titleId }: PageHeaderProps) {
  return (
    <div className="page-header">
      <div className="page-header__text">
        <h1 id={titleId}>{title}</h1>
        {lead ? <p className="page-header__lead">{lead}</p> : null}
      </div>
      {actions ? <div className="page-header__actions">{actions}</div> : null}
    </div>
  );
}
