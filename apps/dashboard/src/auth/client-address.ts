import { BlockList, isIP } from "node:net";

/**
 * DASHBOARD_TRUSTED_PROXIES, compiled: the addresses whose `X-Forwarded-For` the dashboard believes (the
 * ingress or reverse proxy in front of it). Empty: nobody's.
 */
export interface TrustedProxies {
  /** Whether `address` (a canonical address, see `canonicalAddress`) is one of the trusted proxies. */
  trusts(address: string): boolean;
}

const PREFIX = /^\d{1,3}$/;

/**
 * One DASHBOARD_TRUSTED_PROXIES entry as a subnet (a single address is a /32 or /128); undefined when it
 * is neither an IP address nor a CIDR of one. Host bits under the prefix are ignored (`10.0.0.1/8` is
 * `10.0.0.0/8`), as Express' `trust proxy` does.
 */
export function parseProxyEntry(
  entry: string,
): { readonly address: string; readonly prefix: number; readonly family: "ipv4" | "ipv6" } | undefined {
  const [address = "", prefix, extra] = entry.trim().split("/");
  if (extra !== undefined || address.includes("%")) return undefined;
  const version = isIP(address);
  if (version === 0) return undefined;
  const family = version === 4 ? "ipv4" : "ipv6";
  const longest = version === 4 ? 32 : 128;
  if (prefix === undefined) return { address, prefix: longest, family };
  if (!PREFIX.test(prefix) || Number(prefix) > longest) return undefined;
  return { address, prefix: Number(prefix), family };
}

/** The entries as a matcher; throws on an entry `parseProxyEntry` refuses (the env has checked them). */
export function createTrustedProxies(entries: readonly string[]): TrustedProxies {
  const list = new BlockList();
  for (const entry of entries) {
    const subnet = parseProxyEntry(entry);
    if (subnet === undefined) throw new Error(`not an IP address or CIDR: ${JSON.stringify(entry)}`);
    list.addSubnet(subnet.address, subnet.prefix, subnet.family);
  }
  return {
    // BlockList matches an IPv4 address against an IPv4-mapped IPv6 subnet and the reverse, as Express does.
    trusts(address) {
      try {
        return list.check(address, isIP(address) === 4 ? "ipv4" : "ipv6");
      } catch {
        return false;
      }
    },
  };
}

const MAPPED_IPV4 = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/;
/** `198.51.100.7:4711`: an IPv4 address with the caller's port. */
const IPV4_WITH_PORT = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/;
/** `[2001:db8::7]` or `[2001:db8::7]:4711`: an IPv6 address as a URL writes it, with or without a port. */
const BRACKETED_IPV6 = /^\[([0-9A-Fa-f:.]+)\](?::\d{1,5})?$/;

/**
 * One `X-Forwarded-For` element as an address: some proxies write the caller's port too (Azure Application
 * Gateway: "a comma-separated list of IP:Port", https://azure.microsoft.com/en-us/blog/rewrite-http-headers-with-azure-application-gateway/),
 * and a port changes with every connection, so it is dropped: one caller, one failed-login count.
 */
function hopAddress(element: string): string | undefined {
  const trimmed = element.trim();
  const bracketed = BRACKETED_IPV6.exec(trimmed)?.[1];
  if (bracketed !== undefined) return isIP(bracketed) === 6 ? canonicalAddress(bracketed) : undefined;
  return canonicalAddress(IPV4_WITH_PORT.exec(trimmed)?.[1] ?? trimmed);
}

/**
 * One spelling per address, or undefined when `value` is not an IP address: IPv6 in its canonical form
 * (`2001:DB8:0::1` is `2001:db8::1`), and an IPv4-mapped IPv6 address as the IPv4 address it carries
 * (`::ffff:10.0.0.1` is `10.0.0.1`, what a dual-stack socket reports for an IPv4 peer), so one caller has
 * one failed-login count however it is written. Zone indexes (`fe80::1%eth0`) mean nothing across hosts
 * and are refused.
 */
export function canonicalAddress(value: string): string | undefined {
  const address = value.trim();
  const version = isIP(address);
  if (version === 4) return address;
  if (version !== 6 || address.includes("%")) return undefined;
  let canonical: string;
  try {
    canonical = new URL(`http://[${address}]/`).hostname.slice(1, -1);
  } catch {
    return undefined;
  }
  const mapped = MAPPED_IPV4.exec(canonical);
  if (mapped === null) return canonical;
  const high = Number.parseInt(mapped[1] ?? "0", 16);
  const low = Number.parseInt(mapped[2] ?? "0", 16);
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join(".");
}

/**
 * The caller's address: the direct peer, unless the peer is a trusted proxy; then `X-Forwarded-For` is
 * walked from the right (the entry the nearest proxy appended) past every trusted proxy, and the first
 * address that is not one is the client. This is the rightmost-untrusted rule of Express' `trust proxy`
 * with a list of addresses (the `proxy-addr` package's `alladdrs`/`proxyaddr`), and of MDN's
 * X-Forwarded-For "selecting an IP address" guidance: entries left of the first untrusted one were written
 * by the caller and prove nothing. As there, when every hop is trusted the leftmost one is the client.
 *
 * Unlike Express, an entry that is not an IP address (garbage, a CIDR, an empty element) reached during
 * the walk gives the peer's address instead of the garbage: otherwise every new spelling would be a fresh
 * failed-login count. An address with a port (`198.51.100.7:4711`, `[2001:db8::7]:4711`) is the address.
 * Never throws.
 */
export function clientAddress(
  peer: string | undefined,
  forwardedFor: string | readonly string[] | undefined,
  trusted: TrustedProxies,
): string {
  if (peer === undefined) return "unknown";
  const peerAddress = canonicalAddress(peer);
  if (peerAddress === undefined) return peer;
  if (forwardedFor === undefined || !trusted.trusts(peerAddress)) return peerAddress;
  const hops = (typeof forwardedFor === "string" ? forwardedFor : forwardedFor.join(",")).split(",");
  let client = peerAddress;
  for (let index = hops.length - 1; index >= 0; index--) {
    const hop = hopAddress(hops[index] ?? "");
    if (hop === undefined) return peerAddress;
    client = hop;
    if (!trusted.trusts(hop)) return hop;
  }
  return client;
}

/** `clientAddress` of a request as the kit hands it to authenticators and handlers. */
export function requestClientAddress(
  request: {
    readonly remoteAddress: string | undefined;
    readonly headers: { readonly [name: string]: string | readonly string[] | undefined };
  },
  trusted: TrustedProxies,
): string {
  return clientAddress(request.remoteAddress, request.headers["x-forwarded-for"], trusted);
}
