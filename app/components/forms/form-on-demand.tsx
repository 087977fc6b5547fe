import { Link, useLocation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

/**
 * A form behind a disclosure, drawn only once it is in use: opened in the browser, answered by the
 * action (`answered`), or asked for by the address (`?open=<form id>`). Until then the disclosure
 * holds a link to that address: without JavaScript, the page comes back with the form open and
 * scrolled to. A validated form (conform's metadata for every field, its markup) costs about as
 * much as the rest of a page: the inbox has three per task, a departure page three cards of them
 * (docs/benchmarks.md, "Pages").
 *
 * `children` is called only when the form is drawn; the form element carries `formId` as its id.
 */
export function FormOnDemand({
  formId,
  summary,
  answered,
  className = "form-disclosure",
  summaryClassName = "button button--small button--ghost",
  bodyClassName = "form-disclosure__body",
  children,
}: {
  formId: string;
  summary: React.ReactNode;
  /** The action answered this form (its errors must show): drawn and open. */
  answered: boolean;
  className?: string;
  summaryClassName?: string;
  bodyClassName?: string;
  children: () => React.ReactNode;
}) {
  const askedFor = useFormAskedFor(formId);
  const [opened, setOpened] = useState(false);
  const disclosure = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    // One opened before the page's JavaScript arrived (a slow phone) fires no toggle once hydrated:
    // it is seen as opened here, once; later openings come as toggle events.
    if (disclosure.current?.open) setOpened(true);
  }, []);
  return (
    <details
      ref={disclosure}
      className={className}
      open={answered || askedFor || undefined}
      onToggle={(event) => {
        if (event.currentTarget.open) setOpened(true);
      }}
    >
      <summary className={summaryClassName}>{summary}</summary>
      <div className={bodyClassName}>{opened || answered || askedFor ? children() : <ShowFormLink formId={formId} />}</div>
    </details>
  );
}

/** Whether the address asks for this form open (the link below, followed without JavaScript). */
function useFormAskedFor(formId: string) {
  return new URLSearchParams(useLocation().search).get("open") === formId;
}

/** The page again, with this form open and scrolled to; the page's other parameters are kept. */
function ShowFormLink({ formId }: { formId: string }) {
  const { t } = useTranslation("common");
  const { search } = useLocation();
  const params = new URLSearchParams(search);
  params.set("open", formId);
  return (
    <Link to={`?${params.toString()}#${formId}`} preventScrollReset>
      {t("ui.showForm")}
    </Link>
  );
}
