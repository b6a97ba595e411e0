import { classifyAddress, normalizeHost } from '../../storage';

/**
 * Where outbound webhooks may go (docs/outbound-webhooks.md#safety):
 *
 * - `https` always; plain `http` only to a host in OUTBOUND_ALLOW_HTTP_HOSTS (or a loopback host
 *   in sandbox mode);
 * - every address a host resolves to must be public, unless the host is in OUTBOUND_ALLOWED_HOSTS
 *   (or, in sandbox mode, the address is loopback);
 * - no credentials in the URL.
 *
 * Entries are host names or IP addresses (IPv6 with or without brackets), compared
 * case-insensitively; any port.
 */
export interface OutboundPolicyOptions {
  allowHttpHosts: readonly string[];
  allowedHosts: readonly string[];
  sandbox: boolean;
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1']);

export class OutboundPolicy {
  private readonly httpHosts: Set<string>;
  private readonly nonPublicHosts: Set<string>;

  constructor(private readonly options: OutboundPolicyOptions) {
    this.httpHosts = new Set(options.allowHttpHosts.map(normalizeHost));
    this.nonPublicHosts = new Set(options.allowedHosts.map(normalizeHost));
  }

  /** Problems with a URL a client gives us (null = acceptable). Addresses are checked again at connect time. */
  urlProblem(raw: string): string | null {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return 'is not a valid URL';
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an https URL';
    if (url.username || url.password) return 'must not contain credentials';
    const host = normalizeHost(url.hostname);
    if (url.protocol === 'http:' && !this.httpAllowed(host)) return 'must use https (plain http only for hosts in OUTBOUND_ALLOW_HTTP_HOSTS)';
    if (classifyAddress(host) !== 'invalid') {
      const problem = this.addressProblem(host, host);
      if (problem) return problem;
    }
    return null;
  }

  httpAllowed(host: string): boolean {
    const name = normalizeHost(host);
    return this.httpHosts.has(name) || (this.options.sandbox && isLoopbackHost(name));
  }

  /** Why `address` (resolved from `host`) may not be connected to, or null. */
  addressProblem(host: string, address: string): string | null {
    const range = classifyAddress(address);
    if (range === 'public') return null;
    if (this.nonPublicHosts.has(normalizeHost(host))) return null;
    if (this.options.sandbox && range === 'loopback') return null;
    return `resolves to a ${range} address (only hosts in OUTBOUND_ALLOWED_HOSTS may)`;
  }
}

function isLoopbackHost(host: string): boolean {
  return LOOPBACK_NAMES.has(host) || classifyAddress(host) === 'loopback';
}
