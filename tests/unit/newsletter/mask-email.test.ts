import { maskEmail } from "~/modules/newsletter/mask-email";

describe("a masked address", () => {
  it("keeps the first and last letter of the mailbox, the domain's first letter and its last label", () => {
    expect(maskEmail("jane.doe@example.com")).toBe("j•••e@e•••.com");
    expect(maskEmail("alex.alumni@mail.example.co.uk")).toBe("a•••i@m•••.uk");
  });

  it("shows no more than one letter of a short mailbox", () => {
    expect(maskEmail("jo@example.org")).toBe("j•••@e•••.org");
    expect(maskEmail("j@example.org")).toBe("j•••@e•••.org");
  });

  it("masks whatever is not an address at all", () => {
    expect(maskEmail("not-an-address")).toBe("•••");
    expect(maskEmail("@example.org")).toBe("•••");
  });
});
