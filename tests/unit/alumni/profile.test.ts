import { companyDomainOf, joinSchema, normalizeLinkedInUrl, workAddressProblem } from "~/modules/alumni/profile";
import { translator } from "~/modules/i18n/translator";

describe("LinkedIn profile addresses", () => {
  it.each([
    ["https://www.linkedin.com/in/ada-lovelace", "https://www.linkedin.com/in/ada-lovelace"],
    ["https://www.linkedin.com/in/ada-lovelace/", "https://www.linkedin.com/in/ada-lovelace"],
    ["linkedin.com/in/Ada-Lovelace", "https://www.linkedin.com/in/ada-lovelace"],
    ["http://fr.linkedin.com/in/ada-lovelace?trk=public_profile", "https://www.linkedin.com/in/ada-lovelace"],
    ["  www.linkedin.com/in/ada_l-1815#about ", "https://www.linkedin.com/in/ada_l-1815"],
    ["https://www.linkedin.com/in/h%C3%A9l%C3%A8ne", "https://www.linkedin.com/in/h%C3%A9l%C3%A8ne"],
  ])("normalises %s", (input, expected) => {
    expect(normalizeLinkedInUrl(input)).toBe(expected);
  });

  it.each([
    "https://www.linkedin.com/company/acme",
    "https://www.linkedin.com/in/",
    "https://www.linkedin.com/in/ab",
    "https://linkedin.com.evil.example/in/ada",
    "https://evil.example/?https://www.linkedin.com/in/ada",
    "https://user:pass@www.linkedin.com/in/ada",
    "https://www.linkedin.com:8443/in/ada",
    "javascript:alert(1)//linkedin.com/in/ada",
    "ftp://www.linkedin.com/in/ada",
    "https://www.linkedin.com/in/ada/details/experience",
    "https://www.linkedin.com/in/ada%2Fevil",
    "ada lovelace",
  ])("refuses %s", (input) => {
    expect(normalizeLinkedInUrl(input)).toBeNull();
  });
});

describe("refusing the work address as the personal one", () => {
  const work = { workEmails: ["sam@acme.example"], companyDomains: ["acme.example"] };

  it("refuses the work address itself, whatever its case", () => {
    expect(workAddressProblem("SAM@Acme.Example", work)).toEqual({ kind: "work_address" });
  });

  it("refuses any address at the company's domain or one of its subdomains", () => {
    expect(workAddressProblem("sam.private@acme.example", work)).toEqual({ kind: "company_domain", domain: "acme.example" });
    expect(workAddressProblem("sam@mail.acme.example", work)).toEqual({ kind: "company_domain", domain: "acme.example" });
    expect(workAddressProblem("sam@notacme.example", work)).toBeNull();
  });

  it("does not take a public mail provider for the company's domain", () => {
    expect(companyDomainOf("sam@gmail.com")).toBeNull();
    expect(companyDomainOf("sam@acme.example")).toBe("acme.example");
  });
});

describe("the join form", () => {
  const t = translator("en", "alumni");
  const schema = joinSchema(t, { workEmails: ["sam@acme.example"], companyDomains: ["acme.example"] });

  it("accepts an address alone: nothing needs ticking", () => {
    const parsed = schema.parse({ intent: "join", personalEmail: " sam@home.example " });
    expect(parsed).toEqual({ intent: "join", personalEmail: "sam@home.example", linkedinUrl: null, consents: [], shownLocale: undefined });
  });

  it("keeps each ticked purpose once and normalises the LinkedIn address", () => {
    const parsed = schema.parse({
      intent: "join",
      personalEmail: "sam@home.example",
      linkedinUrl: "linkedin.com/in/sam",
      consents: ["pulse", "newsletter", "pulse"],
      shownLocale: "fr",
    });
    expect(parsed.consents).toEqual(["pulse", "newsletter"]);
    expect(parsed.linkedinUrl).toBe("https://www.linkedin.com/in/sam");
    expect(parsed.shownLocale).toBe("fr");
  });

  it("names the field and what to do for each bad value", () => {
    const result = schema.safeParse({ intent: "join", personalEmail: "sam@acme.example", linkedinUrl: "https://example.com/sam", consents: ["spam"] });
    expect(result.success).toBe(false);
    const messageOf = (field: string) => result.error!.issues.filter((issue) => issue.path[0] === field).map((issue) => issue.message);
    expect(messageOf("personalEmail")).toEqual([t("validation.personalEmailIsWork")]);
    expect(messageOf("linkedinUrl")).toEqual([t("validation.linkedinInvalid")]);
    expect(messageOf("consents")).toHaveLength(1);
  });
});
