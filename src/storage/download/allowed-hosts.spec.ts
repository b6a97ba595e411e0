import { AllowedHosts, AllowedHostsError, classifyAddress, isPublicAddress, parseAllowedHost } from './allowed-hosts';

describe('DOWNLOAD_ALLOWED_HOSTS entries', () => {
  it.each([
    ['files.arqsign.com:8443', { kind: 'exact', host: 'files.arqsign.com', port: 8443 }],
    ['127.0.0.1:3999', { kind: 'exact', host: '127.0.0.1', port: 3999 }],
    ['[::1]:3999', { kind: 'exact', host: '::1', port: 3999 }],
    ['[0:0:0:0:0:0:0:1]:80', { kind: 'exact', host: '::1', port: 80 }],
    ['Files.ArqSIGN.com.', { kind: 'host', host: 'files.arqsign.com' }],
    ['.arqsign.com', { kind: 'domain', suffix: 'arqsign.com' }],
    ['  .ArqSign.COM ', { kind: 'domain', suffix: 'arqsign.com' }],
  ])('parses %s', (raw, expected) => {
    expect(parseAllowedHost(raw)).toEqual(expected);
  });

  it.each(['', 'https://files.arqsign.com', 'files.arqsign.com/path', '*.arqsign.com', 'user@host', 'host:abc', 'host:70000', '::1', 'bad host', '.'])(
    'rejects %j with a message naming it',
    (raw) => {
      expect(() => parseAllowedHost(raw)).toThrow(AllowedHostsError);
    },
  );

  it('reports every bad entry of a list at once', () => {
    expect(() => new AllowedHosts(['.arqsign.com', 'http://x', 'a:b'])).toThrow(/http:\/\/x.*a:b/);
  });
});

describe('AllowedHosts.check', () => {
  const hosts = new AllowedHosts(['.arqsign.com', 'downloads.example.com', 'files.example.net:8443', '127.0.0.1:3999', '[::1]:4000']);

  it.each([
    // .domain: subdomains only, ports 443/80
    ['api-rest.arqsign.com', 443, true, false],
    ['a.b.arqsign.com', 80, true, false],
    ['API-REST.ARQSIGN.COM.', 443, true, false],
    ['arqsign.com', 443, false, false],
    ['evilarqsign.com', 443, false, false],
    ['arqsign.com.evil.com', 443, false, false],
    ['api-rest.arqsign.com', 8443, false, false],
    // host: ports 443/80 only
    ['downloads.example.com', 443, true, false],
    ['downloads.example.com', 80, true, false],
    ['downloads.example.com', 8080, false, false],
    ['sub.downloads.example.com', 443, false, false],
    // host:port: exactly that, and it may be non-public
    ['files.example.net', 8443, true, true],
    ['files.example.net', 443, false, false],
    ['127.0.0.1', 3999, true, true],
    ['127.0.0.1', 4000, false, false],
    ['localhost', 3999, false, false],
    ['::1', 4000, true, true],
    ['[::1]', 4000, true, true],
    ['169.254.169.254', 80, false, false],
  ])('%s:%d → allowed %s, non-public allowed %s', (host, port, allowed, nonPublicAllowed) => {
    expect(hosts.check(host, port)).toEqual({ allowed, nonPublicAllowed });
  });

  it('an IP address never matches a .domain entry', () => {
    expect(new AllowedHosts(['.0.0.1']).check('127.0.0.1', 80).allowed).toBe(false);
  });
});

describe('classifyAddress', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['52.94.236.248', 'public'],
    ['2606:4700:4700::1111', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.5.6.7', 'loopback'],
    ['::1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.10', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['fe80::1', 'linkLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['fd12:3456::1', 'uniqueLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    // IPv4-mapped IPv6 is judged by the IPv4 address it carries
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:169.254.169.254', 'linkLocal'],
    ['::ffff:8.8.8.8', 'public'],
    ['[::ffff:a9fe:a9fe]', 'linkLocal'],
    // other IPv6 forms that embed or reach IPv4, and reserved space
    ['64:ff9b::a00:1', 'rfc6052'],
    ['2002:a00:1::', '6to4'],
    ['2001:db8::1', 'reserved'],
    ['::a00:1', 'reserved'],
    ['not-an-ip', 'invalid'],
  ])('%s is %s', (address, range) => {
    expect(classifyAddress(address)).toBe(range);
    expect(isPublicAddress(address)).toBe(range === 'public');
  });
});
