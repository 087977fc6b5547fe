/**
 * StatusBadge: a short status word in a coloured pill. The word carries the meaning; the colour
 * only repeats it (never colour alone).
 *
 *   <StatusBadge tone="success">{t("status.sent")}</StatusBadge>
 *   <StatusBadge tone="danger">{t("status.failed")}</StatusBadge>
 *   <StatusBadge>{t("status.queued")}</StatusBadge>          tone "neutral"
 *
 * Tones: neutral, info, success, warning, danger. Every pair of text and background colour passes
 * WCAG AA (4.5:1).
 */
import type { ReactNode } from "react";
import type { StatusTone } from "~/utils/status-tone";

// Pages name a tone with the badge they use it on.
export type { StatusTone };

export interface StatusBadgeProps {
  tone?: StatusTone;
  children: ReactNode;
  className?: string;
}

export function StatusBadge({ tone = "neutral", children, className }: StatusBadgeProps) {
  return <span className={["badge", `badge--${tone}`, className].filter(Boolean).join(" ")}>{children}</span>;
}
