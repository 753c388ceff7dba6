import { describe, expect, it } from "vitest";
import {
  canonicalAddress,
  clientAddress,
  createTrustedProxies,
  parseProxyEntry,
} from "../src/auth/client-address.js";

// The ingress at 10.0.0.5 and the load balancers' network in front of it; an IPv6 proxy subnet.
const TRUSTED = createTrustedProxies(["10.0.0.5", "192.168.0.0/16", "fd00:1::/64"]);

describe("clientAddress (the rightmost untrusted X-Forwarded-For entry)", () => {
  it.each([
    // [case, peer, X-Forwarded-For, client]
    ["no header, untrusted peer", "203.0.113.9", undefined, "203.0.113.9"],
    [
      "untrusted peer: the header is the caller's own words, ignored",
      "203.0.113.9",
      "198.51.100.7",
      "203.0.113.9",
    ],
    [
      "untrusted peer lying to be a trusted proxy's client",
      "203.0.113.9",
      "10.0.0.5, 1.2.3.4",
      "203.0.113.9",
    ],
    ["trusted peer without the header: the peer", "10.0.0.5", undefined, "10.0.0.5"],
    ["trusted peer, one hop", "10.0.0.5", "198.51.100.7", "198.51.100.7"],
    [
      "spoofed entries left of the real client are not believed",
      "10.0.0.5",
      "1.1.1.1, 2.2.2.2, 198.51.100.7",
      "198.51.100.7",
    ],
    [
      "a chain of trusted proxies is skipped",
      "10.0.0.5",
      "198.51.100.7, 192.168.4.4, 192.168.1.1",
      "198.51.100.7",
    ],
    [
      "the walk stops at the first untrusted hop",
      "10.0.0.5",
      "192.168.9.9, 198.51.100.7, 192.168.1.1",
      "198.51.100.7",
    ],
    ["every hop trusted: the leftmost (as Express)", "10.0.0.5", "192.168.2.2, 192.168.1.1", "192.168.2.2"],
    ["whitespace around entries", "10.0.0.5", "  198.51.100.7  ,192.168.1.1 ", "198.51.100.7"],
    ["IPv6 client through an IPv4 proxy", "10.0.0.5", "2001:db8::42", "2001:db8::42"],
    ["IPv6 spelled two ways is one address", "10.0.0.5", "2001:DB8:0:0::42", "2001:db8::42"],
    ["IPv6 proxy subnet", "fd00:1::1", "198.51.100.7, fd00:1::2", "198.51.100.7"],
    ["IPv6 peer outside the trusted subnet", "fd00:2::1", "198.51.100.7", "fd00:2::1"],
    ["IPv4-mapped IPv6 peer matches the IPv4 entry", "::ffff:10.0.0.5", "198.51.100.7", "198.51.100.7"],
    [
      "IPv4-mapped IPv6 peer, untrusted, is its IPv4 address",
      "::ffff:203.0.113.9",
      "198.51.100.7",
      "203.0.113.9",
    ],
    ["IPv4-mapped IPv6 hop is its IPv4 address", "10.0.0.5", "::ffff:198.51.100.7", "198.51.100.7"],
    [
      "IPv4-mapped hop of a trusted proxy is skipped",
      "10.0.0.5",
      "198.51.100.7, ::ffff:192.168.1.1",
      "198.51.100.7",
    ],
    ["garbage at the right: the peer", "10.0.0.5", "not-an-ip", "10.0.0.5"],
    ["an empty header: the peer", "10.0.0.5", "", "10.0.0.5"],
    [
      "an empty element reached past a trusted hop: the peer",
      "10.0.0.5",
      "198.51.100.7,,192.168.1.1",
      "10.0.0.5",
    ],
    [
      "an empty element left of the client is never read",
      "10.0.0.5",
      "1.2.3.4,,198.51.100.7",
      "198.51.100.7",
    ],
    [
      "an empty element reached before a client: the peer",
      "10.0.0.5",
      "198.51.100.7, 192.168.1.1,",
      "10.0.0.5",
    ],
    ["garbage left of the client is never read", "10.0.0.5", "<script>, 198.51.100.7", "198.51.100.7"],
    // Azure Application Gateway writes "IP:Port": the port changes per connection, the caller does not.
    ["an IPv4 address with a port is the address", "10.0.0.5", "198.51.100.7:4711", "198.51.100.7"],
    [
      "a trusted hop with a port is skipped",
      "10.0.0.5",
      "198.51.100.7:4711, 192.168.1.1:443",
      "198.51.100.7",
    ],
    ["bracketed IPv6 with a port is the address", "10.0.0.5", "[2001:DB8::42]:4711", "2001:db8::42"],
    ["bracketed IPv6 is the address", "10.0.0.5", "[2001:db8::42]", "2001:db8::42"],
    ["a port alone is not an address", "10.0.0.5", ":4711", "10.0.0.5"],
    ["a port past 5 digits is not a port", "10.0.0.5", "198.51.100.7:123456", "10.0.0.5"],
    ["a bracketed IPv4 is not an address", "10.0.0.5", "[198.51.100.7]:80", "10.0.0.5"],
    [
      "a bare IPv6 with what looks like a port is that IPv6",
      "10.0.0.5",
      "2001:db8::42:4711",
      "2001:db8::42:4711",
    ],
    ["a CIDR is not an address", "10.0.0.5", "198.51.100.0/24", "10.0.0.5"],
    ["a zone index is refused", "10.0.0.5", "fe80::1%eth0", "10.0.0.5"],
    ["leading zeros are refused", "10.0.0.5", "010.0.0.1", "10.0.0.5"],
    ["commas only", "10.0.0.5", ",,,", "10.0.0.5"],
    [
      "a very long chain of trusted hops",
      "10.0.0.5",
      `198.51.100.7, ${Array(2_000).fill("192.168.1.1").join(", ")}`,
      "198.51.100.7",
    ],
  ] as const)("%s", (_case, peer, forwardedFor, client) => {
    expect(clientAddress(peer, forwardedFor, TRUSTED)).toBe(client);
  });

  it("joins repeated X-Forwarded-For headers in order", () => {
    expect(clientAddress("10.0.0.5", ["198.51.100.7", "192.168.1.1"], TRUSTED)).toBe("198.51.100.7");
  });

  it("trusts nobody by default: the header never counts", () => {
    const nobody = createTrustedProxies([]);
    expect(clientAddress("10.0.0.5", "198.51.100.7", nobody)).toBe("10.0.0.5");
    expect(clientAddress("127.0.0.1", "198.51.100.7", nobody)).toBe("127.0.0.1");
  });

  it("an unknown peer is 'unknown', as before", () => {
    expect(clientAddress(undefined, "198.51.100.7", TRUSTED)).toBe("unknown");
  });

  it("an IPv6 range covering the mapped space trusts IPv4 peers too (as Express)", () => {
    expect(clientAddress("10.9.9.9", "198.51.100.7", createTrustedProxies(["::/0"]))).toBe("198.51.100.7");
    expect(clientAddress("10.9.9.9", "198.51.100.7", createTrustedProxies(["::ffff:10.0.0.0/104"]))).toBe(
      "198.51.100.7",
    );
  });

  it("never throws on any header", () => {
    const junk = [
      "\u0000",
      "💥",
      "::::",
      "1.2.3.4.5",
      "999.1.1.1",
      "a".repeat(10_000),
      ", ,",
      "%",
      "[::1]:80x",
      "[::1",
    ];
    for (const header of junk) expect(() => clientAddress("10.0.0.5", header, TRUSTED)).not.toThrow();
    for (const header of junk) expect(clientAddress("10.0.0.5", header, TRUSTED)).toBe("10.0.0.5");
  });
});

describe("parseProxyEntry", () => {
  it.each([
    ["10.0.0.5", { address: "10.0.0.5", prefix: 32, family: "ipv4" }],
    [" 10.0.0.0/8 ", { address: "10.0.0.0", prefix: 8, family: "ipv4" }],
    ["0.0.0.0/0", { address: "0.0.0.0", prefix: 0, family: "ipv4" }],
    ["2001:db8::/32", { address: "2001:db8::", prefix: 32, family: "ipv6" }],
    ["::1", { address: "::1", prefix: 128, family: "ipv6" }],
    ["::ffff:10.0.0.0/104", { address: "::ffff:10.0.0.0", prefix: 104, family: "ipv6" }],
  ] as const)("accepts %s", (entry, subnet) => {
    expect(parseProxyEntry(entry)).toEqual(subnet);
  });

  it.each([
    "",
    "proxy.internal",
    "10.0.0.0/33",
    "2001:db8::/129",
    "10.0.0.0/",
    "10.0.0.0/8/8",
    "10.0.0.0/-1",
    "10.0.0.0/ 8",
    "10.0.0.0/8x",
    "fe80::1%eth0",
    "256.0.0.1",
    "10.0.0.1:80",
  ])("refuses %j", (entry) => {
    expect(parseProxyEntry(entry)).toBeUndefined();
    expect(() => createTrustedProxies([entry])).toThrow(/not an IP address or CIDR/);
  });
});

describe("canonicalAddress", () => {
  it("spells an address one way", () => {
    expect(canonicalAddress("::FFFF:a00:1")).toBe("10.0.0.1");
    expect(canonicalAddress("::ffff:10.0.0.1")).toBe("10.0.0.1");
    expect(canonicalAddress("2001:0db8:0000::0001")).toBe("2001:db8::1");
    expect(canonicalAddress(" 10.0.0.1 ")).toBe("10.0.0.1");
    expect(canonicalAddress("::1")).toBe("::1");
    expect(canonicalAddress("nope")).toBeUndefined();
  });
});
