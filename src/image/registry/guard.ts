/**
 * The SSRF guard of registry connections (used by the server): every connection the registry transport
 * opens — the registry, its token realm, the storage a blob redirects to — is resolved here, refused when an
 * address is loopback, private, link-local, unique-local, multicast, unspecified or reserved (IPv4, IPv6, and
 * IPv4 inside IPv6) unless its host is allowed, and then pinned: the socket connects to the very address that
 * was checked, so a name cannot resolve to a public address for the check and a private one for the connection.
 */
import type * as Dns from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { DredgeError } from "../../errors.js";
import { lazyBuiltin } from "../../util/lazy-builtin.js";

const dns = lazyBuiltin<typeof Dns>("node:dns/promises");

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** A name's addresses (default: the system resolver, `dns.lookup` with every address). */
export type Resolver = (hostname: string) => Promise<readonly ResolvedAddress[]>;

export interface ConnectGuard {
  /** The address to connect to for `hostname:port`, or ACCESS_DENIED when it may not be reached. */
  resolve(hostname: string, port: number): Promise<ResolvedAddress>;
  /** Whether `hostname` (a name or a literal) is on a non-public address and not allowed (names are resolved). */
  refuses(hostname: string, port: number): Promise<boolean>;
}

/** The non-public ranges, built when first needed (not at start-up: a local scan never connects). */
let blockedList: BlockList | undefined;
function blocked(): BlockList {
  return (blockedList ??= nonPublicRanges());
}

function nonPublicRanges(): BlockList {
  const list = new BlockList();
  for (const [net, bits] of [
    ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
    ["192.0.0.0", 24], ["192.0.2.0", 24], ["192.88.99.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["198.51.100.0", 24],
    ["203.0.113.0", 24], ["224.0.0.0", 4], ["240.0.0.0", 4],
  ] as const) list.addSubnet(net, bits, "ipv4");
  for (const [net, bits] of [
    ["::", 128], ["::1", 128], ["64:ff9b:1::", 48], ["100::", 64], ["2001:db8::", 32], ["fc00::", 7], ["fe80::", 10], ["fec0::", 10], ["ff00::", 8],
  ] as const) list.addSubnet(net, bits, "ipv6");
  return list;
}

/** The IPv4 address carried in an IPv4-mapped (`::ffff:a.b.c.d`), -compatible or NAT64 (`64:ff9b::/96`) IPv6 address. */
function embeddedIpv4(address: string): string | undefined {
  const groups = expandIpv6(address);
  if (!groups) return undefined;
  const zeros = (n: number) => groups.slice(0, n).every((g) => g === 0);
  const mapped = zeros(5) && groups[5] === 0xffff;
  const compatible = zeros(6) && (groups[6]! !== 0 || groups[7]! > 1);
  const nat64 = groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((g) => g === 0);
  if (!mapped && !compatible && !nat64) return undefined;
  return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join(".");
}

/** Eight 16-bit groups of an IPv6 literal (a dotted IPv4 tail included), or undefined. */
function expandIpv6(address: string): number[] | undefined {
  let text = address.toLowerCase().replace(/%.*$/, "");
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const b = v4[1]!.split(".").map(Number);
    text = `${text.slice(0, -v4[1]!.length)}${((b[0]! << 8) | b[1]!).toString(16)}:${((b[2]! << 8) | b[3]!).toString(16)}`;
  }
  const [head, tail] = text.split("::");
  const part = (s: string | undefined) => (s ? s.split(":").map((g) => parseInt(g, 16)) : []);
  const h = part(head);
  const t = part(tail);
  const groups = tail === undefined ? h : [...h, ...Array<number>(8 - h.length - t.length).fill(0), ...t];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : undefined;
}

/** Whether an IP literal is not a public unicast address. */
export function isNonPublicAddress(address: string): boolean {
  const bare = address.replace(/^\[(.*)\]$/, "$1");
  const kind = isIP(bare);
  if (kind === 4) return blocked().check(bare, "ipv4");
  if (kind !== 6) return false;
  const v4 = embeddedIpv4(bare);
  if (v4 !== undefined) return blocked().check(v4, "ipv4");
  return blocked().check(bare.replace(/%.*$/, ""), "ipv6");
}

const systemResolver: Resolver = async (hostname) =>
  (await dns().lookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

/** `host`, `host:port`, `[v6]:port` → lower-case host without brackets, and the port when written. */
export function splitHostPort(text: string): { host: string; port?: number } {
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(text) ?? /^([^:]+)(?::(\d+))?$/.exec(text);
  if (!m) return { host: text.toLowerCase() };
  return { host: m[1]!.toLowerCase(), ...(m[2] ? { port: Number(m[2]) } : {}) };
}

/** How long a request's early check waits for the resolver. */
const ANSWER_WITHIN_MS = 3000;

export interface GuardOptions {
  /** Registries (`host` — any port — or `host:port`) that may be on non-public addresses. */
  allowed: () => readonly string[];
  resolver?: Resolver;
}

export function connectGuard(options: GuardOptions): ConnectGuard {
  const resolver = options.resolver ?? systemResolver;
  const isAllowed = (hostname: string, port: number): boolean => {
    const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, "$1");
    return options.allowed().some((entry) => {
      const e = splitHostPort(entry);
      return e.host === host && (e.port === undefined || e.port === port);
    });
  };
  const addresses = async (hostname: string): Promise<readonly ResolvedAddress[]> => {
    const bare = hostname.replace(/^\[(.*)\]$/, "$1");
    const kind = isIP(bare);
    if (kind) return [{ address: bare, family: kind === 6 ? 6 : 4 }];
    const found = await resolver(bare);
    if (found.length === 0) throw new DredgeError("NETWORK", `${bare} has no address`);
    return found;
  };
  const denied = (hostname: string, port: number, address: string) =>
    new DredgeError("ACCESS_DENIED", `registry host ${hostname}:${port} is on a non-public address (${address})`, {
      hint: "allow the registry with --allow-registry, or configure it through /api/v1/registries",
    });
  return {
    async resolve(hostname, port) {
      const found = await addresses(hostname);
      if (!isAllowed(hostname, port)) {
        const bad = found.find((a) => isNonPublicAddress(a.address));
        if (bad) throw denied(hostname, port, bad.address);
      }
      return found[0]!;
    },
    async refuses(hostname, port) {
      if (isAllowed(hostname, port)) return false;
      const bare = hostname.toLowerCase().replace(/^\[(.*)\]$/, "$1");
      if (bare === "localhost" || bare.endsWith(".localhost")) return true;
      // A name that does not resolve now (or not within a few seconds) is not refused here: the connection is
      // checked again when it is made.
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<readonly ResolvedAddress[]>((resolve) => (timer = setTimeout(() => resolve([]), ANSWER_WITHIN_MS)));
      const found = await Promise.race([addresses(hostname).catch(() => []), late]).finally(() => clearTimeout(timer));
      return found.some((a) => isNonPublicAddress(a.address));
    },
  };
}
