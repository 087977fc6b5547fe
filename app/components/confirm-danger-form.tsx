/**
 * The last step of an action that cannot be undone (erase a person, revoke an API token, delete a
 * template): a POST form with the danger button and a way back. The page around it says what will
 * happen; this is only the decision.
 *
 *   <ConfirmDangerForm submitLabel={t("tokens.revokeSubmit")} cancelTo="/admin/settings/api-tokens" cancelLabel={t("tokens.cancel")} />
 *   <ConfirmDangerForm …><input type="hidden" name="confirm" value="yes" /></ConfirmDangerForm>
 */
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { Button, ButtonLink } from "./button";
import { useIsPending } from "./forms/use-is-pending";

export interface ConfirmDangerFormProps {
  submitLabel: string;
  /** Where "cancel" leads: the page the person came from. */
  cancelTo: string;
  cancelLabel: string;
  /** Hidden fields the action expects. */
  children?: ReactNode;
}

export function ConfirmDangerForm({ submitLabel, cancelTo, cancelLabel, children }: ConfirmDangerFormProps) {
  const isPending = useIsPending();
  return (
    <Form method="post" className="button-row">
      {children}
      <Button variant="danger" pending={isPending}>
        {submitLabel}
      </Button>
      <ButtonLink to={cancelTo} variant="ghost">
        {cancelLabel}
      </ButtonLink>
    </Form>
  );
}
