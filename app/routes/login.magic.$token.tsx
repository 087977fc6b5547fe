import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Alert } from "~/components/alert";
import { Button } from "~/components/button";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/field";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { useIsPending } from "~/components/forms/use-is-pending";
import { userAgentOf } from "~/modules/auth/http.server";
import { checkMagicLink, consumeMagicLink, MAGIC_LINK_MINUTES } from "~/modules/auth/magic-link.server";
import type { TokenFailure } from "~/modules/auth/one-time-tokens.server";
import { getSession, invalidateSession } from "~/modules/auth/session.server";
import { getDb } from "~/utils/db.server";

type LinkProblem = TokenFailure | "inactive";

/** 404 for a link we never issued; 410 for one that existed but is spent; 403 for a closed account. */
function statusFor(problem: LinkProblem): number {
  if (problem === "unknown") return 404;
  if (problem === "inactive") return 403;
  return 410;
}

/**
 * GET only shows a Continue button and never uses the link: mail security scanners open every link
 * in a message, and a sign-in used up by a scanner would leave the person locked out.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const check = await checkMagicLink(params.token ?? "");
  // The lifetime is said on the page: a `.server` module's constant is undefined in the browser bundle.
  const minutes = MAGIC_LINK_MINUTES;
  if (check.ok) return json({ problem: null, minutes });
  return json({ problem: check.reason as LinkProblem, minutes }, { status: statusFor(check.reason) });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const outcome = await consumeMagicLink({ token: params.token ?? "", userAgent: userAgentOf(request) });
  if (outcome.status === "success") {
    const previous = await getSession(request);
    if (previous) await invalidateSession(getDb(), previous.sessionId);
    return redirect(outcome.redirectTo, { headers: { "Set-Cookie": outcome.cookie } });
  }
  const problem: LinkProblem = outcome.status === "inactive" ? "inactive" : outcome.reason;
  return json({ problem }, { status: statusFor(problem) });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "magic.metaTitle", "auth");

export default function MagicLinkPage() {
  const { t } = useTranslation("auth");
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const isPending = useIsPending();
  const problem = actionData?.problem ?? loaderData.problem;

  if (problem) {
    return (
      <div className="card card--narrow">
        <PageHeader title={t("magic.invalidTitle")} />
        <Alert tone="error">
          <p>{t(`magic.${problem}`, { minutes: loaderData.minutes })}</p>
        </Alert>
        {problem === "inactive" ? null : (
          <section aria-labelledby="new-link-title" className="card__footer">
            <h2 id="new-link-title">{t("magic.newLinkTitle")}</h2>
            <p>{t("magic.newLinkLead")}</p>
            {/* Handled by /login/link, which answers the same for every address. */}
            <Form method="post" action="/login/link">
              <Field
                label={t("link.email")}
                inputProps={{ name: "email", id: "new-link-email", type: "email", autoComplete: "email", required: true }}
              />
              <Button block pending={isPending}>
                {t("link.submit")}
              </Button>
            </Form>
          </section>
        )}
      </div>
    );
  }

  return (
    <div className="card card--narrow">
      <PageHeader title={t("magic.title")} lead={t("magic.lead")} />
      <Form method="post">
        <Button block pending={isPending}>
          {t("magic.submit")}
        </Button>
      </Form>
      <p className="muted card__footer">{t("magic.whyButton")}</p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
