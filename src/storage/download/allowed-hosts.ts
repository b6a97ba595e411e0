import ipaddr from 'ipaddr.js';

/**
 * DOWNLOAD_ALLOWED_HOSTS (docs/behaviour.md#configuration): where signed files may be downloaded from.
 *
 * - `host:port`  exactly that host and port. The only kind of entry that also lets a loopback,
 *                private or link-local address through (e.g. the sandbox simulator `127.0.0.1:3999`).
 * - `host`       that host on ports 443 and 80 only.
 * - `.domain`    any subdomain of `domain` (not `domain` itself) on ports 443 and 80 only.
 *
 * Hosts compare case-insensitively, without a trailing dot; IPv6 literals are written `[::1]:8080`.
 */
export type AllowedHostEntry =
  | { kind: 'exact'; host: string; port: number }
  | { kind: 'host'; host: string }
  | { kind: 'domain'; suffix: string };

const DEFAULT_PORTS = new Set([80, 443]);
const HOST_RE = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

export class AllowedHostsError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid DOWNLOAD_ALLOWED_HOSTS: ${problems.join('; ')}`);
    this.name = 'AllowedHostsError';
  }
}

/** Lower-case, no trailing dot, IPv6 without brackets and in canonical form. */
export function normalizeHost(host: string): string {
  let value = host.trim().toLowerCase();
  if (value.startsWith('[') && value.endsWith(']')) value = value.slice(1, -1);
  if (value.endsWith('.')) value = value.slice(0, -1);
  if (ipaddr.IPv6.isValid(value) && value.includes(':')) return ipaddr.IPv6.parse(value).toString();
  return value;
}

/** Parses one entry; throws with a message naming the entry when it is malformed. */
export function parseAllowedHost(raw: string): AllowedHostEntry {
  const text = raw.trim().toLowerCase();
  if (!text) throw new AllowedHostsError(['empty entry']);
  if (text.includes('/') || text.includes('@') || text.includes('*')) throw new AllowedHostsError([`"${raw}": use host:port, host or .domain (no scheme, path or wildcard)`]);

  if (text.startsWith('.')) {
    const suffix = normalizeHost(text.slice(1));
    if (!HOST_RE.test(suffix)) throw new AllowedHostsError([`"${raw}": not a domain`]);
    return { kind: 'domain', suffix };
  }

  let host = text;
  let port: number | undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) {
    host = bracketed[1];
    port = bracketed[2] !== undefined ? Number(bracketed[2]) : undefined;
  } else if ((text.match(/:/g) ?? []).length === 1) {
    const [name, portText] = text.split(':');
    if (!/^\d+$/.test(portText)) throw new AllowedHostsError([`"${raw}": the port must be a number`]);
    host = name;
    port = Number(portText);
  } else if (text.includes(':')) {
    throw new AllowedHostsError([`"${raw}": write IPv6 addresses in brackets, e.g. [::1]:8080`]);
  }
  if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) throw new AllowedHostsError([`"${raw}": port out of range`]);
  const normalized = normalizeHost(host);
  if (!ipaddr.isValid(normalized) && !HOST_RE.test(normalized)) throw new AllowedHostsError([`"${raw}": not a host name or IP address`]);
  return port === undefined ? { kind: 'host', host: normalized } : { kind: 'exact', host: normalized, port };
}

/** What the allow-list says about one host:port. */
export interface HostDecision {
  allowed: boolean;
  /** True only when an entry names exactly this host:port: loopback/private/link-local addresses are then accepted. */
  nonPublicAllowed: boolean;
}

/** The parsed allow-list. */
export class AllowedHosts {
  readonly entries: readonly AllowedHostEntry[];

  constructor(list: readonly string[]) {
    const problems: string[] = [];
    const entries: AllowedHostEntry[] = [];
    for (const raw of list) {
      try {
        entries.push(parseAllowedHost(raw));
      } catch (error) {
        problems.push(...(error instanceof AllowedHostsError ? error.problems : [String(error)]));
      }
    }
    if (problems.length) throw new AllowedHostsError(problems);
    this.entries = entries;
  }

  check(host: string, port: number): HostDecision {
    const name = normalizeHost(host);
    let allowed = false;
    for (const entry of this.entries) {
      if (entry.kind === 'exact' && entry.host === name && entry.port === port) return { allowed: true, nonPublicAllowed: true };
      if (entry.kind === 'host' && entry.host === name && DEFAULT_PORTS.has(port)) allowed = true;
      if (entry.kind === 'domain' && name.endsWith(`.${entry.suffix}`) && DEFAULT_PORTS.has(port) && !ipaddr.isValid(name)) allowed = true;
    }
    return { allowed, nonPublicAllowed: false };
  }
}

/**
 * Classifies an IP address: `public` is a globally routable unicast address; everything else
 * (loopback, private, link-local, unique-local, CGNAT, multicast, reserved, unspecified, and the
 * IPv6 forms that embed an IPv4 address: mapped, NAT64, 6to4, Teredo) is named by its range.
 */
export function classifyAddress(address: string): string {
  const value = normalizeHost(address);
  if (!ipaddr.isValid(value)) return 'invalid';
  let parsed = ipaddr.parse(value);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  const range = parsed.range();
  if (range !== 'unicast') return range;
  // IPv6: only global unicast (2000::/3) is public; e.g. deprecated IPv4-compatible ::a.b.c.d is not.
  if (parsed.kind() === 'ipv6' && !parsed.match(ipaddr.IPv6.parse('2000::'), 3)) return 'reserved';
  return 'public';
}

export function isPublicAddress(address: string): boolean {
  return classifyAddress(address) === 'public';
}
