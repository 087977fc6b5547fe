import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { itemImagePath } from "~/modules/feeds/item-image-path";
import { SHARE_NETWORKS } from "~/modules/feeds/share-limits";
import { formatDate, toIsoString } from "~/utils/format";

export interface FeedCardData {
  id: string;
  kind: "company" | "external";
  title: string;
  url: string | null;
  hasImage: boolean;
  summary: string;
  sourceName: string | null;
  datedAt: string;
}

/**
 * One item of the share feed. The share buttons are a plain form (not Remix's) posting to the item's
 * share address in a new tab: the portal records the share and redirects that tab to the network's
 * share page, with or without JavaScript, and no popup blocker stands in the way (a tab opened by a
 * form submission is the person's own action).
 */
/** The words every card repeats, translated once for the list rather than fifty times. */
export interface FeedCardLabels {
  fromCompany: string;
  external: string;
  shareOn: string;
  networks: Record<(typeof SHARE_NETWORKS)[number], string>;
  editFirst: string;
}

export function useFeedCardLabels(companyName: string): FeedCardLabels {
  const { t } = useTranslation("alumni");
  return {
    fromCompany: t("feed.fromCompany", { company: companyName }),
    external: t("feed.external"),
    shareOn: t("feed.shareOn"),
    networks: { linkedin: t("feed.networks.linkedin"), x: t("feed.networks.x"), facebook: t("feed.networks.facebook") },
    editFirst: t("feed.editFirst"),
  };
}

export function FeedCardView({ card, index, labels, locale, canShare }: { card: FeedCardData; index: number; labels: FeedCardLabels; locale: string; canShare: boolean }) {
  const readAt = card.url ?? `/feed/${card.id}`;
  // The card's place, not its item's id: fifty cards repeat it in four attributes each.
  const titleId = `feed-item-${index}`;
  return (
    <li className="card feed-card">
      {card.hasImage ? <img className="feed-card__image" src={itemImagePath(card.id)} alt="" loading="lazy" decoding="async" /> : null}
      <div className="feed-card__body">
        <p className="feed-card__source muted">
          {card.kind === "company" ? labels.fromCompany : (card.sourceName ?? labels.external)} ·{" "}
          <time dateTime={toIsoString(card.datedAt)}>{formatDate(card.datedAt, locale)}</time>
        </p>
        <h3 className="feed-card__title" id={titleId}>
          <a href={readAt} rel="noopener">
            {card.title}
          </a>
        </h3>
        {card.summary ? <p className="feed-card__summary">{card.summary}</p> : null}
        {canShare ? (
          <form method="post" action={`/alumni/share/${card.id}`} target="_blank" className="feed-card__share button-row">
            <input type="hidden" name="language" value={locale} />
            <span className="feed-card__share-label">{labels.shareOn}</span>
            {SHARE_NETWORKS.map((network) => (
              <button key={network} type="submit" name="network" value={network} className="button button--small button--ghost" aria-describedby={titleId}>
                {labels.networks[network]}
              </button>
            ))}
            <Link to={`/alumni/share/${card.id}`} className="feed-card__edit">
              {labels.editFirst}
            </Link>
          </form>
        ) : null}
      </div>
    </li>
  );
}
