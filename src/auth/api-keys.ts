import { createHash, timingSafeEqual } from 'node:crypto';

export interface ApiKeyEntry {
  clientName: string;
  key: string;
}

const CLIENT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * Parses `clientName:key` pairs separated by commas. A client may hold several keys (rotation);
 * a key may belong to one client only. Problems never quote a key.
 */
export function parseApiKeys(value: string): { entries: ApiKeyEntry[]; problems: string[] } {
  const entries: ApiKeyEntry[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  value
    .split(',')
    .map((pair) => pair.trim())
    .filter(Boolean)
    .forEach((pair, index) => {
      const colon = pair.indexOf(':');
      const clientName = colon > 0 ? pair.slice(0, colon).trim() : '';
      const key = colon > 0 ? pair.slice(colon + 1).trim() : '';
      if (!clientName || !key) return problems.push(`entry ${index + 1} is not clientName:key`);
      if (!CLIENT_NAME.test(clientName)) return problems.push(`entry ${index + 1}: client name must be 1-64 of A-Z a-z 0-9 . _ -`);
      if (seen.has(key)) return problems.push(`entry ${index + 1} repeats a key given to another entry`);
      seen.add(key);
      entries.push({ clientName, key });
    });
  if (!entries.length && !problems.length) problems.push('no clientName:key pair given');
  return { entries, problems };
}

/**
 * Finds the client owning a presented key in constant time with respect to the key's content:
 * both sides are hashed to a fixed length and every entry is compared.
 */
export class ApiKeyRegistry {
  private readonly digests: { clientName: string; digest: Buffer }[];

  constructor(entries: ApiKeyEntry[]) {
    this.digests = entries.map((entry) => ({ clientName: entry.clientName, digest: sha256(entry.key) }));
  }

  clientFor(presented: string | undefined): string | undefined {
    if (!presented) return undefined;
    const digest = sha256(presented);
    let match: string | undefined;
    for (const entry of this.digests) {
      if (timingSafeEqual(entry.digest, digest) && match === undefined) match = entry.clientName;
    }
    return match;
  }
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
