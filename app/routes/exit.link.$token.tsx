import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Alert } from "~/components/alert";
import { Button, ButtonLink } from "~/components/button";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { useIsPending } from "~/components/forms/use-is-pending";
import { readFormData, userAgentOf } from "~/modules/auth/http.server";
import { getSession, invalidateSession } from "~/modules/auth/session.server";
import { NEW_LINK_DAYS } from "~/modules/exit/invitation-dates";
import { requestNewExitLink } from "~/modules/exit/link-resend.server";
import { checkExitLink, EXIT_PASSWORD_SIGN_IN_PATH, signInWithExitLink, type ExitLinkState } from "~/modules/exit/links.server";
import { getDb } from "~/utils/db.server";
import { badRequest } from "~/utils/responses";

/**
 * The link in the exit invitation emails. GET only shows a button and never signs in: mail security
 * scanners open every link in a message. The page names nobody, since a link can be forwarded.
 * POST signs the leaver in and goes to /exit, or, with intent "resend" from the expired page, sends
 * new links to the addresses on file for this link's invitation, answering the same whatever
 * happened. A staff member is sent to sign in with their password and back to /exit; an alumnus,
 * to the sign-in link request at their personal address.
 */

const formSchema = z.object({ intent: z.enum(["continue", "resend"]).default("continue") });

type PageState = ExitLinkState | "sent";

/** The token is in the URL: no Referer may carry it to another site (see ADR 006's addendum). */
const NO_REFERRER = { "Referrer-Policy": "no-referrer" };

export const headers: HeadersFunction = () => NO_REFERRER;

function statusFor(state: PageState): number {
  switch (state) {
    // A staff account's link is fine, only not for signing in: the page says where to go instead.
    // An error status would also make the browser log an error for an informational page.
    case "ready":
    case "sent":
    case "password":
      return 200;
    case "unknown":
      return 404;
    default:
      return 410;
  }
}

function page(state: PageState) {
  return json(
    { state, newLinkDays: NEW_LINK_DAYS, signInPath: EXIT_PASSWORD_SIGN_IN_PATH },
    { status: statusFor(state), headers: NO_REFERRER },
  );
}

export async function loader({ params }: LoaderFunctionArgs) {
  return page(await checkExitLink(params.token ?? ""));
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const form = formSchema.safeParse(Object.fromEntries(await readFormData(request)));
  // Only a hand-made request sends another intent: the error page says it was not understood.
  if (!form.success) throw badRequest("intent must be continue or resend");

  if (form.data.intent === "resend") {
    await requestNewExitLink({ token, ip: context.clientIp });
    return page("sent");
  }

  const outcome = await signInWithExitLink({ token, userAgent: userAgentOf(request) });
  if (outcome.status !== "success") return page(outcome.status);
  // Whoever was signed in on this browser before, the session is now the leaver's own.
  const previous = await getSession(request);
  if (previous) await invalidateSession(getDb(), previous.sessionId);
  return redirect(outcome.redirectTo, { headers: { "Set-Cookie": outcome.cookie, ...NO_REFERRER } });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "link.metaTitle", "exit");

export default function ExitLinkPage() {
  const { t } = useTranslation("exit");
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const isPending = useIsPending();
  const { state, newLinkDays, signInPath } = actionData ?? loaderData;
  const pending = isPending;

  switch (state) {
    case "ready":
      return (
        <div className="card card--narrow">
          <PageHeader title={t("link.title")} lead={t("link.lead")} />
          <Form method="post">
            <Button block name="intent" value="continue" pending={pending}>
              {t("link.submit")}
            </Button>
          </Form>
          <p className="muted card__footer">{t("link.whyButton")}</p>
        </div>
      );
    case "expired":
      return (
        <div className="card card--narrow">
          <PageHeader title={t("link.expiredTitle")} />
          <p>{t("link.expired", { days: newLinkDays })}</p>
          <Form method="post">
            <Button block name="intent" value="resend" pending={pending}>
              {t("link.resend")}
            </Button>
          </Form>
        </div>
      );
    case "sent":
      return (
        <div className="card card--narrow">
          <PageHeader title={t("link.sentTitle")} />
          <Alert tone="success">
            <p>{t("link.sent", { days: newLinkDays })}</p>
          </Alert>
        </div>
      );
    case "password":
      return (
        <div className="card card--narrow">
          <PageHeader title={t("link.passwordTitle")} />
          <p>{t("link.password")}</p>
          <ButtonLink block to={signInPath}>
            {t("link.passwordAction")}
          </ButtonLink>
        </div>
      );
    case "alumnus":
      return (
        <div className="card card--narrow">
          <PageHeader title={t("link.alumnusTitle")} />
          <p>{t("link.alumnus")}</p>
          <ButtonLink block to="/login/link">
            {t("link.alumnusAction")}
          </ButtonLink>
        </div>
      );
    case "closed":
      return (
        <div className="card card--narrow">
          <PageHeader title={t("link.closedTitle")} />
          <Alert tone="error">
            <p>{t("link.closed")}</p>
          </Alert>
        </div>
      );
    case "expired_finished":
      return (
        <div className="card card--narrow">
          <PageHeader title={t("link.finishedTitle")} />
          <p>{t("link.finished")}</p>
          <ButtonLink block variant="ghost" to="/login/link">
            {t("link.finishedAction")}
          </ButtonLink>
        </div>
      );
    default:
      return (
        <div className="card card--narrow">
          <PageHeader title={t("link.unknownTitle")} />
          <Alert tone="error">
            <p>{t("link.unknown")}</p>
          </Alert>
          <ButtonLink block to="/login/link">
            {t("link.unknownAction")}
          </ButtonLink>
        </div>
      );
  }
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
