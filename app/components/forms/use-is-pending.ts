import { useFormAction, useNavigation } from "@remix-run/react";

/**
 * Whether a form of this route is being sent (and, by default, until the page that answers it has
 * loaded): the state a submit button shows as "pending".
 *
 *   const isPending = useIsPending({ intent: "create" });
 *
 * `intent` narrows it to the button that sent that intent, for pages with several forms; `formAction`
 * to a form that posts elsewhere. Only POSTs count: a GET form (filters) is navigation, not a change.
 */
export function useIsPending({
  intent,
  formAction,
  state = "non-idle",
}: { intent?: string; formAction?: string; state?: "submitting" | "loading" | "non-idle" } = {}): boolean {
  const ownAction = useFormAction();
  const navigation = useNavigation();
  const inState = state === "non-idle" ? navigation.state !== "idle" : navigation.state === state;
  if (!inState || navigation.formMethod?.toUpperCase() !== "POST") return false;
  if (stripSearch(navigation.formAction) !== stripSearch(formAction ?? ownAction)) return false;
  return intent === undefined || navigation.formData?.get("intent") === intent;
}

/** A form's action may carry the page's query string (`?index`, `?notice=…`); the path decides. */
function stripSearch(action: string | undefined): string | undefined {
  return action?.split("?")[0];
}

/**
 * The `intent` of the form of this route being sent, or null: for pages whose many small forms
 * (one per row) say which button is pending by their intent and id.
 *
 *   const pending = usePendingFormData();
 *   <Button pending={pending?.get("intent") === "move" && pending.get("taskId") === task.id}>
 */
export function usePendingFormData({ formAction }: { formAction?: string } = {}): FormData | null {
  const ownAction = useFormAction();
  const navigation = useNavigation();
  if (navigation.state === "idle" || navigation.formMethod?.toUpperCase() !== "POST") return null;
  if (stripSearch(navigation.formAction) !== stripSearch(formAction ?? ownAction)) return null;
  return navigation.formData ?? null;
}
