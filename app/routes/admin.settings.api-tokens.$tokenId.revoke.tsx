import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConfirmDangerForm } from "~/components/confirm-danger-form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { requireHrAdmin } from "~/modules/auth/guards.server";
import { apiTokenState, findApiToken, revokeApiToken } from "~/modules/integrations/api-tokens.server";
import { getEnv } from "~/utils/env.server";
import { formatDateTime } from "~/utils/format";
import { UUID_PATTERN as UUID } from "~/utils/ids";
import { notFound } from "~/utils/responses";

/** "Revoke this token?": a page of its own, so that revoking takes a second, deliberate click, with or without JavaScript. */

function tokenIdFrom(params: { tokenId?: string }): string {
  if (!params.tokenId || !UUID.test(params.tokenId)) throw notFound("There is no API token with this id.");
  return params.tokenId;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { locale } = await requireHrAdmin(request, "integrations");
  const token = await findApiToken(tokenIdFrom(params));
  if (!token) throw notFound("There is no API token with this id.");
  return json({
    token: {
      id: token.id,
      name: token.name,
      state: apiTokenState(token),
      lastUsedAt: token.last_used_at?.toISOString() ?? null,
    },
    locale,
    timeZone: getEnv().COMPANY_TIME_ZONE,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user } = await requireHrAdmin(request, "integrations");
  const revoked = await revokeApiToken(tokenIdFrom(params), { actorUserId: user.id });
  if (!revoked) throw notFound("There is no API token with this id.");
  return redirect(`/admin/settings/api-tokens?revoked=${revoked.id}`);
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "tokens.revokeTitle", "integrations");

export default function RevokeApiTokenPage() {
  const { t } = useTranslation("integrations");
  const { token, locale, timeZone } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="settings-back">
        <Link to="/admin/settings/api-tokens">{t("tokens.backToTokens")}</Link>
      </p>
      <PageHeader title={t("tokens.revokeTitle")} />
      <section className="card narrow-page stack">
        {token.state === "revoked" ? (
          <p>{t("tokens.alreadyRevoked", { name: token.name })}</p>
        ) : (
          <>
            <p>{t("tokens.revokeConfirm", { name: token.name })}</p>
            <p className="muted">
              {token.lastUsedAt
                ? t("tokens.lastUsedOn", { date: formatDateTime(token.lastUsedAt, locale, { timeZone }) })
                : t("tokens.neverUsedSentence")}
            </p>
            <ConfirmDangerForm submitLabel={t("tokens.revokeSubmit")} cancelTo="/admin/settings/api-tokens" cancelLabel={t("tokens.cancel")} />
          </>
        )}
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
