import { useTranslation } from "react-i18next";
import { FormOnDemand } from "~/components/forms/form-on-demand";
import { resultFor, type DepartureActionData } from "./departure-data";

/**
 * One of the departure page's form cards: its title and lead, then the form behind a disclosure,
 * drawn when opened, asked for (`?open=<id>`) or answered by the action with errors (FormOnDemand).
 * `keys` is the card's key in the `departures` namespace (`detail.<keys>.title`, `.lead`, `.show`).
 */
export function FormCard({
  id,
  keys,
  intent,
  actionData,
  className = "card",
  leadClassName = "muted",
  children,
}: {
  id: string;
  keys: "dates" | "addTask" | "cancel";
  intent: string;
  actionData: DepartureActionData;
  className?: string;
  /** null: the lead in the card's own colour (the cancel card's warning). */
  leadClassName?: string | null;
  children: () => React.ReactNode;
}) {
  const { t } = useTranslation("departures");
  return (
    <section className={className} aria-labelledby={`${id}-title`} id={id}>
      <h2 id={`${id}-title`}>{t(`detail.${keys}.title`)}</h2>
      <p className={leadClassName ?? undefined}>{t(`detail.${keys}.lead`)}</p>
      <FormOnDemand formId={id} summary={t(`detail.${keys}.show`)} answered={Boolean(resultFor(actionData, intent))}>
        {children}
      </FormOnDemand>
    </section>
  );
}
