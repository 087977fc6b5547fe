import { createHash } from "node:crypto";
import {
  CONSENT_POLICY_VERSION,
  CONSENT_PURPOSES,
  consentChanges,
  consentText,
  deriveConsents,
  type ConsentEventLike,
} from "~/modules/alumni/consents";
import { hashIp } from "~/modules/alumni/consents.server";
import enAlumni from "~/locales/en/alumni.json";

const at = (minute: number) => new Date(Date.UTC(2026, 10, 28, 10, minute));

describe("deriving the consent state from the ledger", () => {
  it("grants nothing to a person without rows", () => {
    const states = deriveConsents([]);
    for (const purpose of CONSENT_PURPOSES) expect(states[purpose]).toEqual({ granted: false, since: null });
  });

  it("follows grant, withdraw and grant again: the latest row of each purpose wins", () => {
    const events: ConsentEventLike[] = [
      { purpose: "newsletter", granted: true, created_at: at(1) },
      { purpose: "pulse", granted: true, created_at: at(2) },
      { purpose: "newsletter", granted: false, created_at: at(3) },
      { purpose: "newsletter", granted: true, created_at: at(4) },
      { purpose: "pulse", granted: false, created_at: at(5) },
    ];
    const states = deriveConsents(events);
    expect(states.newsletter).toEqual({ granted: true, since: at(4) });
    expect(states.pulse).toEqual({ granted: false, since: at(5) });
    expect(states.directory).toEqual({ granted: false, since: null });
  });

  it("records a change only where the wanted state differs: ticking a granted purpose again adds nothing", () => {
    const current = deriveConsents([{ purpose: "newsletter", granted: true, created_at: at(1) }]);
    expect(consentChanges(current, { newsletter: true, directory: false })).toEqual([]);
    expect(consentChanges(current, { newsletter: false, openings: true, pulse: undefined })).toEqual([
      { purpose: "newsletter", granted: false },
      { purpose: "openings", granted: true },
    ]);
  });
});

describe("the text shown for each purpose and its hash", () => {
  it("hashes exactly the label and description shown, with SHA-256", () => {
    const text = consentText("newsletter", "en", "Acme Corp");
    expect(text.label).toBe(enAlumni.purposes.newsletter.label);
    expect(text.description).toBe(enAlumni.purposes.newsletter.description.replace("{{company}}", "Acme Corp"));
    expect(text.text).toBe(`${text.label}\n${text.description}`);
    expect(text.hash).toBe(createHash("sha256").update(text.text, "utf8").digest("hex"));
  });

  it("gives the same hash every time for the same words (reproducible from the code)", () => {
    for (const purpose of CONSENT_PURPOSES) {
      expect(consentText(purpose, "fr", "Acme Corp").hash).toBe(consentText(purpose, "fr", "Acme Corp").hash);
    }
  });

  it("gives a different hash per language, per purpose and per company name", () => {
    const hashes = new Set(CONSENT_PURPOSES.flatMap((p) => [consentText(p, "en", "Acme Corp").hash, consentText(p, "fr", "Acme Corp").hash]));
    expect(hashes.size).toBe(CONSENT_PURPOSES.length * 2);
    expect(consentText("directory", "en", "Globex").hash).not.toBe(consentText("directory", "en", "Acme Corp").hash);
  });

  it("names a policy version", () => {
    expect(CONSENT_POLICY_VERSION).toMatch(/^\d{4}-\d{2}$/);
  });
});

describe("the IP kept with a consent", () => {
  it("is a keyed hash, never the IP itself, and the same IP gives the same hash", () => {
    const hash = hashIp("203.0.113.7");
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain("203.0.113.7");
    expect(hash).not.toBe(createHash("sha256").update("203.0.113.7").digest("hex"));
    expect(hashIp("203.0.113.7")).toBe(hash);
    expect(hashIp("203.0.113.8")).not.toBe(hash);
  });
});
