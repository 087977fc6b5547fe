import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Alert } from "~/components/alert";
import { Button, ButtonLink } from "~/components/button";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { useIsPending } from "~/components/forms/use-is-pending";
import {
  confirmPersonalEmail,
  inspectEmailConfirmation,
  type ConfirmationFailure,
} from "~/modules/alumni/email-confirmation.server";
import type { EmailConfirmationKind } from "../../db/schema";
import { CONFIRMATION_DAYS } from "~/modules/alumni/profile";
import { getOptionalUser, serializeBlankSessionCookie } from "~/modules/auth/session.server";
import { isStaffRole } from "~/modules/auth/users.server";
import { loadExitFlow, pathForStep, type FlowStep } from "~/modules/exit/flow.server";
import { getDb } from "~/utils/db.server";

/** 404 for a link never issued; 410 for one that is spent; 409 for an address another account has; 200 when already confirmed. */
function statusFor(problem: ConfirmationFailure): number {
  if (problem === "unknown") return 404;
  if (problem === "confirmed") return 200;
  if (problem === "inUse") return 409;
  return 410;
}

/** Where a person who opened the link signed in goes back to, named by what they will find there. */
type ReturnPlace = "survey" | "alumniStep" | "thanks" | "alumniHome";

/**
 * For a leaver, or a staff member leaving themselves (they keep their role and sign in with their
 * password, see flow-access.server.ts): the step of their exit flow they are at, which after joining
 * the alumni network is the thanks page. For an alumnus: the alumni home. Nothing for anyone else.
 */
async function placeToReturnTo(request: Request): Promise<{ path: string; place: ReturnPlace } | null> {
  const user = await getOptionalUser(request);
  if (!user) return null;
  if (user.role === "alumnus") return { path: "/alumni", place: "alumniHome" };
  if (user.role !== "leaver" && !isStaffRole(user.role)) return null;
  const step = await loadExitFlow(getDb(), user.id);
  const places: Partial<Record<FlowStep["kind"], ReturnPlace>> = { survey: "survey", alumni: "alumniStep", thanks: "thanks" };
  const place = places[step.kind];
  return place ? { path: pathForStep(step), place } : null;
}

/**
 * Where a new link comes from: a change of address is asked for again on the preferences page; the
 * address given when joining, from the alumni step of the exit flow. An unknown link says nothing
 * of its kind: an alumnus signed in is then sent to their preferences, anyone else to the exit flow.
 */
function newLinkFrom(kind: EmailConfirmationKind | undefined, returnTo: { place: ReturnPlace } | null): "preferences" | "exitFlow" {
  if (kind) return kind === "change" ? "preferences" : "exitFlow";
  return returnTo?.place === "alumniHome" ? "preferences" : "exitFlow";
}

/**
 * GET shows the address and a button, and changes nothing: mail scanners open every link in a
 * message. The page needs no session: holding the emailed link is what proves the address.
 * Served with Referrer-Policy: no-referrer (TOKEN_PATH_PREFIXES), so the token never leaks.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const check = await inspectEmailConfirmation(getDb(), params.token ?? "");
  // Where to go back to after confirming, for a person who opened the link in the same browser.
  const returnTo = await placeToReturnTo(request);
  if (check.ok) return json({ problem: null, email: check.email, returnTo, newLinkFrom: null });
  return json({ problem: check.reason, email: null, returnTo, newLinkFrom: newLinkFrom(check.kind, returnTo) }, { status: statusFor(check.reason) });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const outcome = await confirmPersonalEmail(params.token ?? "");
  if (outcome.status === "invalid") {
    return json({ problem: outcome.reason, done: null }, { status: statusFor(outcome.reason) });
  }
  const done = { email: outcome.email, becameAlumnus: outcome.becameAlumnus, changed: outcome.changed };
  // Becoming an alumnus ended every session of the person; drop this browser's cookie as well.
  const signedIn = await getOptionalUser(request);
  const headers: HeadersInit = outcome.becameAlumnus && (!signedIn || signedIn.id === outcome.userId)
    ? { "Set-Cookie": serializeBlankSessionCookie() }
    : {};
  return json({ problem: null, done }, { headers });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "confirm.metaTitle", "alumni");

export default function ConfirmEmailPage() {
  const { t } = useTranslation("alumni");
  const { t: tp } = useTranslation("preferences");
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const isPending = useIsPending();
  const problem = actionData ? actionData.problem : loaderData.problem;

  if (actionData?.done) {
    const { email, becameAlumnus, changed } = actionData.done;
    if (changed) {
      return (
        <div className="card card--narrow">
          <PageHeader title={t("confirm.doneTitle")} />
          <Alert tone="success">
            <p>{t("confirm.done", { email })}</p>
          </Alert>
          <p>{tp("confirm.doneChanged", { email })}</p>
          <p>
            <Link to="/alumni/preferences">{tp("confirm.backToPreferences")}</Link>
          </p>
        </div>
      );
    }
    return (
      <div className="card card--narrow">
        <PageHeader title={t("confirm.doneTitle")} />
        <Alert tone="success">
          <p>{t("confirm.done", { email })}</p>
        </Alert>
        {becameAlumnus ? (
          <>
            <p>{t("confirm.doneAlumnus", { email })}</p>
            <ButtonLink to="/login/link" block>
              {t("confirm.signIn")}
            </ButtonLink>
          </>
        ) : (
          <>
            <p>{t("confirm.doneLeaver")}</p>
            <ReturnLink returnTo={loaderData.returnTo} />
          </>
        )}
      </div>
    );
  }

  if (problem) {
    return (
      <div className="card card--narrow">
        <PageHeader title={problem === "confirmed" ? t("confirm.doneTitle") : t("confirm.invalidTitle")} />
        <Alert tone={problem === "confirmed" ? "success" : "error"}>
          <p>{problem === "inUse" ? tp("confirm.inUse") : t(`confirm.${problem}`, { days: CONFIRMATION_DAYS })}</p>
        </Alert>
        {problem === "confirmed" ? (
          <ReturnLink returnTo={loaderData.returnTo} />
        ) : (
          <section className="card__footer">
            {loaderData.newLinkFrom === "preferences" ? (
              <>
                <p>{tp("confirm.newChangeLink")}</p>
                <p>
                  <Link to="/alumni/preferences">{tp("confirm.openPreferences")}</Link>
                </p>
              </>
            ) : (
              <>
                <p>{t("confirm.newLink")}</p>
                <p>
                  <Link to="/exit/alumni">{t("confirm.openAlumniStep")}</Link>
                </p>
              </>
            )}
          </section>
        )}
      </div>
    );
  }

  return (
    <div className="card card--narrow">
      <PageHeader title={t("confirm.title")} lead={t("confirm.lead", { email: loaderData.email })} />
      <Form method="post">
        <Button block pending={isPending}>
          {t("confirm.submit")}
        </Button>
      </Form>
      <p className="muted card__footer">{t("confirm.whyButton")}</p>
    </div>
  );
}

function ReturnLink({ returnTo }: { returnTo: { path: string; place: ReturnPlace } | null }) {
  const { t } = useTranslation("alumni");
  if (!returnTo) return null;
  return (
    <p>
      <Link to={returnTo.path}>{t(`confirm.returnTo.${returnTo.place}`)}</Link>
    </p>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
