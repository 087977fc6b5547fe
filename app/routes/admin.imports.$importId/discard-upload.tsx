import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "~/components/button";
import { usePendingFormData } from "~/components/forms/use-is-pending";

/** Whether this page's form with that intent is being sent (the page has several). */
export function submitting(pending: FormData | null, intent: string) {
  return pending?.get("intent") === intent;
}

/** For an upload that was never imported: the wrong file goes, so that it does not linger in the list. */
export function DiscardUpload() {
  const { t } = useTranslation("imports");
  const pendingForm = usePendingFormData();
  return (
    <section className="card" aria-labelledby="discard-title">
      <h2 id="discard-title">{t("discard.title")}</h2>
      <p>{t("discard.lead")}</p>
      <Form method="post">
        <Button name="intent" value="discard" variant="ghost" pending={submitting(pendingForm, "discard")} pendingLabel={t("discard.submitting")}>
          {t("discard.submit")}
        </Button>
      </Form>
    </section>
  );
}
