/**
 * The alumni home's openings block (issue 14): a few open roles for an alumnus who asked to hear
 * about openings, each leading to the openings page where their referral link is. Renders nothing
 * for an empty list (no consent, or no open role): the loader gets it from `openingsForHome`
 * (app/modules/openings/home.server.ts).
 *
 *   <OpeningsHomeBlock openings={data.openings} />
 */
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { LocalizedText } from "~/modules/i18n/localized-text";
import { localized } from "~/modules/i18n/localized-text";

export interface OpeningsHomeBlockProps {
  openings: readonly { id: string; title: LocalizedText; department: string | null; location: string; href: string }[];
}

export function OpeningsHomeBlock({ openings }: OpeningsHomeBlockProps) {
  const { t, i18n } = useTranslation("openings");
  if (openings.length === 0) return null;
  return (
    <section className="card stack" aria-labelledby="home-openings-title">
      <h2 id="home-openings-title">{t("home.title")}</h2>
      <ul className="stack openings-home-list">
        {openings.map((opening) => (
          <li key={opening.id}>
            <Link to={opening.href}>{localized(opening.title, i18n.language)}</Link>
            <span className="muted"> · {[opening.department, opening.location].filter(Boolean).join(" · ")}</span>
          </li>
        ))}
      </ul>
      <p>
        <Link to="/alumni/openings">{t("home.all")}</Link>
      </p>
    </section>
  );
}
