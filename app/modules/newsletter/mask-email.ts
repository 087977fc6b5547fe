/**
 * An address shown on a page anyone holding the link can open (a forwarded newsletter): enough for
 * its owner to recognise it, not enough for a stranger to learn it. "jane.doe@example.com" →
 * "j•••e@e•••.com": the first and last letter of the mailbox, the first letter of the domain and
 * its last label.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at < 1) return "•••";
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  const maskedLocal = local.length <= 2 ? `${local[0]}•••` : `${local[0]}•••${local.at(-1)}`;
  const dot = domain.lastIndexOf(".");
  const maskedDomain = dot > 0 ? `${domain[0]}•••${domain.slice(dot)}` : `${domain[0] ?? ""}•••`;
  return `${maskedLocal}@${maskedDomain}`;
}
