import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type LinkKind = 'documento' | 'registro' | 'anexo' | 'compartilhado';
export const LINK_KINDS: readonly LinkKind[] = ['documento', 'registro', 'anexo', 'compartilhado'];

export type LinkCheck = 'ok' | 'invalid' | 'expired';

/**
 * Self-contained, signed download tokens: `<payload>.<mac>` with the kind, id and expiry (simulator
 * clock, ms). Links need no API keys ([ASSUMED] docs/arqsign-gaps.md#gap-08); an expired or tampered token answers 403.
 */
export class DownloadLinks {
  constructor(
    private readonly baseUrl: () => string,
    private readonly ttlSeconds: number,
    private readonly nowMs: () => number,
    /** Kept across restarts with the sandbox state, so links handed out before stay valid. */
    readonly secret: Buffer = randomBytes(32),
  ) {}

  url(kind: LinkKind, id: string): string {
    const payload = Buffer.from(JSON.stringify({ k: kind, id, exp: this.nowMs() + this.ttlSeconds * 1000 })).toString('base64url');
    return `${this.baseUrl()}/download/${kind}/${id}?token=${payload}.${this.mac(payload)}`;
  }

  check(kind: LinkKind, id: string, token: string | null): LinkCheck {
    if (!token) return 'invalid';
    const [payload, mac] = token.split('.');
    if (!payload || !mac) return 'invalid';
    const expected = Buffer.from(this.mac(payload));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid';
    try {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { k: string; id: string; exp: number };
      if (claims.k !== kind || claims.id !== id.toLowerCase()) return 'invalid';
      return this.nowMs() > claims.exp ? 'expired' : 'ok';
    } catch {
      return 'invalid';
    }
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }
}
