import { Link, Section, Text } from "@react-email/components";
import { emailColors } from "./layout";

export const PULSE_SCORES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;

/**
 * The 0–10 scale as eleven links, each opening the answer page with its score preselected. Shared by
 * the pulse email and the newsletter's pulse block. A link only opens a page: the answer is recorded
 * by the form on that page (mail scanners open every link). Eleven cells of 11px padding fit a 320px
 * screen; the words under the ends say what 0 and 10 mean.
 */
export function PulseScale({ hrefFor, lowLabel, highLabel }: { hrefFor: (score: number) => string; lowLabel: string; highLabel: string }) {
  return (
    <Section style={{ margin: "8px 0 16px" }}>
      <table role="presentation" width="100%" cellPadding={0} cellSpacing={0} style={{ borderCollapse: "separate", borderSpacing: "3px 0" }}>
        <tbody>
          <tr>
            {PULSE_SCORES.map((score) => (
              <td key={score} align="center" style={{ padding: 0 }}>
                <Link
                  href={hrefFor(score)}
                  style={{
                    display: "block",
                    padding: "10px 0",
                    minWidth: "24px",
                    border: `1px solid ${emailColors.primary}`,
                    borderRadius: "6px",
                    color: emailColors.primary,
                    fontSize: "16px",
                    fontWeight: 600,
                    textAlign: "center",
                    textDecoration: "none",
                  }}
                >
                  {String(score)}
                </Link>
              </td>
            ))}
          </tr>
        </tbody>
      </table>
      <table role="presentation" width="100%" cellPadding={0} cellSpacing={0}>
        <tbody>
          <tr>
            <td align="left">
              <Text style={{ fontSize: "13px", lineHeight: "18px", color: emailColors.muted, margin: "6px 0 0" }}>{lowLabel}</Text>
            </td>
            <td align="right">
              <Text style={{ fontSize: "13px", lineHeight: "18px", color: emailColors.muted, margin: "6px 0 0", textAlign: "right" }}>{highLabel}</Text>
            </td>
          </tr>
        </tbody>
      </table>
    </Section>
  );
}

/** The answer page's address for one score: the scale's links are the page's, with `?score=N`. */
export function scoreHref(answerUrl: string, score: number): string {
  return `${answerUrl}?score=${score}`;
}
