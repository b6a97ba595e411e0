import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { Pool } from 'pg';

/**
 * The raw baseline of the webhook acknowledgement benchmark: the least a correct receiver must do,
 * with nothing else around it. node:http, no framework: read the body (capped), verify the `HMAC`
 * header (Base64 HMAC-SHA256 of the raw bytes, constant-time compare), INSERT the raw delivery into
 * a copy of the service's inbox table in the same PostgreSQL (autocommit = one durable commit),
 * answer 200 only after the commit. Same pool size as the service (20).
 *
 * Env: DATABASE_URL, BASELINE_SECRET, BASELINE_PORT (0 = any), BASELINE_MAX_BODY_BYTES.
 * Run as a child of bench/run.ts (reports `{ type: 'ready', port }` over IPC).
 */

export const BASELINE_TABLE = 'bench_baseline.webhook_delivery';

/**
 * The same table as the service's inbox (`signing.webhook_delivery`: columns, defaults, checks,
 * indexes) in a schema of its own; created after the service's migrations ran.
 */
export const BASELINE_DDL = [
  'CREATE SCHEMA IF NOT EXISTS bench_baseline',
  `CREATE TABLE IF NOT EXISTS ${BASELINE_TABLE} (LIKE signing.webhook_delivery INCLUDING ALL)`,
];

const INSERT = `INSERT INTO ${BASELINE_TABLE} (id, received_at, state, dedup_key, signature, headers, body, body_size)
  VALUES (gen_random_uuid(), date_trunc('milliseconds', clock_timestamp()), 'RECEIVED', $1, $2, $3, $4, $5)
  ON CONFLICT DO NOTHING`;

const SIGNATURE_CHECK = JSON.stringify({ valid: true, secret: 'env#0', encoding: 'base64' });

function verify(body: Buffer, header: string | undefined, secret: Buffer): boolean {
  if (!header) return false;
  const expected = createHmac('sha256', secret).update(body).digest();
  const given = Buffer.from(header.trim(), 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function main(): Promise<void> {
  const secret = Buffer.from(process.env.BASELINE_SECRET ?? '', 'utf8');
  const maxBody = Number(process.env.BASELINE_MAX_BODY_BYTES ?? 150 * 1024 * 1024);
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
  for (const statement of BASELINE_DDL) await pool.query(statement);

  const answer = (res: ServerResponse, status: number, text: string) => {
    res.writeHead(status, { 'content-type': 'text/plain' });
    res.end(text);
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'POST' || req.url !== '/webhooks/arqsign') return answer(res, 400, 'bad route');
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBody) {
        answer(res, 413, 'too large');
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const signature = req.headers.hmac;
      if (!verify(body, Array.isArray(signature) ? signature[0] : signature, secret)) return answer(res, 400, 'bad signature');
      const key = createHash('sha256').update(body).digest('hex');
      pool
        .query(INSERT, [
          key,
          SIGNATURE_CHECK,
          JSON.stringify({ 'content-type': req.headers['content-type'] ?? null, 'user-agent': req.headers['user-agent'] ?? null }),
          body,
          body.length,
        ])
        .then(
          () => answer(res, 200, 'ok'),
          () => answer(res, 503, 'database unavailable'),
        );
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(Number(process.env.BASELINE_PORT ?? 0), '127.0.0.1', resolve));
  const address = server.address();
  process.on('message', (message: { type: string }) => {
    if (message.type === 'stop') {
      server.closeAllConnections();
      server.close(() => void pool.end().finally(() => process.exit(0)));
    }
  });
  process.send?.({ type: 'ready', port: typeof address === 'object' && address ? address.port : 0, pid: process.pid });
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`baseline failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}
