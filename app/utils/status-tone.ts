/**
 * How strongly a status should stand out, in the words of the StatusBadge component (the colour
 * only repeats the word). Here, below the domains, because each domain's display module maps its
 * own statuses to a tone (offboarding/departure-display, email/outbox…) and domain modules never
 * import components (docs/decisions/012-layers-and-domain-order.md).
 */
export type StatusTone = "neutral" | "info" | "success" | "warning" | "danger";
