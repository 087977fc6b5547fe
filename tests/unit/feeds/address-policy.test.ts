import { InternalHostAllowList, ipLiteralOf, isPublicAddress } from "~/modules/platform/address-policy";
import { InvalidEnvironmentError, parseEnv } from "~/utils/env.server";

describe("isPublicAddress", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.0.9", "loopback"],
    ["10.0.0.1", "RFC 1918"],
    ["172.16.5.4", "RFC 1918"],
    ["192.168.1.1", "RFC 1918"],
    ["169.254.169.254", "link-local: cloud metadata"],
    ["169.254.10.1", "link-local"],
    ["100.64.0.1", "carrier-grade NAT"],
    ["100.100.100.200", "Alibaba metadata (CGNAT)"],
    ["168.63.129.16", "Azure wire server"],
    ["0.0.0.0", "unspecified"],
    ["255.255.255.255", "broadcast"],
    ["224.0.0.251", "multicast"],
    ["192.0.0.192", "IETF protocol assignments (Oracle metadata)"],
    ["198.18.0.1", "benchmarking"],
    ["::1", "IPv6 loopback"],
    ["::", "IPv6 unspecified"],
    ["fe80::1", "IPv6 link-local"],
    ["fc00::1", "unique local"],
    ["fd00:ec2::254", "AWS IPv6 metadata"],
    ["::ffff:127.0.0.1", "IPv4-mapped loopback"],
    ["::ffff:169.254.169.254", "IPv4-mapped metadata"],
    ["::ffff:a00:1", "IPv4-mapped private, hex form"],
    ["64:ff9b::a00:1", "NAT64"],
    ["2002:7f00:1::", "6to4 of loopback"],
    ["[::1]", "bracketed URL form"],
    ["fe80::1%eth0", "with a zone"],
    ["not-an-ip", "not an address"],
  ])("refuses %s (%s)", (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111", "::ffff:93.184.215.14"])("allows the public address %s", (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe("ipLiteralOf", () => {
  it("recognises IP literals as URL hosts write them, and not names", () => {
    expect(ipLiteralOf("127.0.0.1")).toBe("127.0.0.1");
    expect(ipLiteralOf("[::1]")).toBe("::1");
    expect(ipLiteralOf("feeds.acme.example")).toBeNull();
    // The URL parser turns other IPv4 spellings into dotted decimal before anything sees them.
    expect(ipLiteralOf(new URL("http://2130706433/").hostname)).toBe("127.0.0.1");
    expect(ipLiteralOf(new URL("http://0x7f.1/").hostname)).toBe("127.0.0.1");
  });
});

describe("InternalHostAllowList", () => {
  it("matches exact names without case or a final dot, and nothing else", () => {
    const list = new InternalHostAllowList(["Intranet.Acme.example", "[::1]"]);
    expect(list.allows("intranet.acme.example")).toBe(true);
    expect(list.allows("INTRANET.acme.example.")).toBe(true);
    expect(list.allows("::1")).toBe(true);
    expect(list.allows("evil.intranet.acme.example")).toBe(false);
    expect(list.allows("intranet.acme.example.evil.example")).toBe(false);
    expect(new InternalHostAllowList([]).allows("localhost")).toBe(false);
  });
});

describe("FEED_ALLOWED_INTERNAL_HOSTS", () => {
  it("is empty by default and a list of lower-case host names when set", () => {
    expect(parseEnv({}).FEED_ALLOWED_INTERNAL_HOSTS).toEqual([]);
    expect(parseEnv({ FEED_ALLOWED_INTERNAL_HOSTS: " News.Intranet.acme.example, 10.0.0.7 ,," }).FEED_ALLOWED_INTERNAL_HOSTS).toEqual(["news.intranet.acme.example", "10.0.0.7"]);
  });

  it("refuses a URL where a host name belongs, saying what to write", () => {
    expect(() => parseEnv({ FEED_ALLOWED_INTERNAL_HOSTS: "https://intranet.acme.example/feed" })).toThrow(InvalidEnvironmentError);
    expect(() => parseEnv({ FEED_ALLOWED_INTERNAL_HOSTS: "https://intranet.acme.example/feed" })).toThrow(/FEED_ALLOWED_INTERNAL_HOSTS.*host names/);
  });
});
