import type { LinkChannel } from "../../../db/schema";

/**
 * Where /r/{code} sends a visitor: the stored target with the campaign parameters of ADR 020.
 *
 * The mapping, taken literally: `utm_medium` is the channel the link was given out on (the
 * network, or `newsletter`), `utm_source` the portal itself (every tracked link comes from it), and
 * `utm_campaign` the link's campaign. Existing parameters of those three names are replaced (a
 * target copied from another campaign must not report twice); every other parameter, its order and
 * the fragment are kept.
 */

export const UTM_SOURCE = "alumni-portal";

export const LINK_CHANNELS = ["linkedin", "x", "facebook", "newsletter", "referral"] as const satisfies readonly LinkChannel[];

export interface RedirectTargetInput {
  targetUrl: string;
  channel: LinkChannel;
  campaign: string;
}

export function redirectTarget({ targetUrl, channel, campaign }: RedirectTargetInput): string {
  const url = new URL(targetUrl);
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`a tracked link's target must be http(s), not ${url.protocol}`);
  const utm: Array<[string, string]> = [
    ["utm_source", UTM_SOURCE],
    ["utm_medium", channel],
    ["utm_campaign", campaign],
  ];
  const replaced = new Set(utm.map(([name]) => name));
  // The other parameters are kept byte for byte (URLSearchParams would rewrite `%20` as `+` and
  // `?flag` as `?flag=`, which some sites read differently).
  const kept = url.search
    .slice(1)
    .split("&")
    .filter((pair) => pair !== "" && !replaced.has(parameterName(pair)));
  url.search = [...kept, new URLSearchParams(utm).toString()].join("&");
  return url.href;
}

function parameterName(pair: string): string {
  const raw = pair.split("=", 1)[0]!.replaceAll("+", " ");
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
