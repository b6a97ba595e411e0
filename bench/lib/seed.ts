import { Client } from 'pg';

export const BENCH_CLIENTS = ['bench-a', 'bench-b', 'bench-c'] as const;

/**
 * Fills the tables of migration 1764295200000 with `count` processes, each with one signer and one
 * document (INSERT … SELECT generate_series, in two halves at once). Spread: clients 50/30/20 %;
 * created_at uniform over the last 365 days; the last 30 days (the deadline) IN_PROGRESS 55,
 * COMPLETED 35, CANCELLED 4, REFUSED 3, SEND_FAILED 2, SENDING/SEND_UNCERTAIN 1 %; older ones
 * COMPLETED 80, CANCELLED 7, REFUSED 6, EXPIRED 4, SEND_FAILED 2, SEND_UNCERTAIN 1 %, i.e. about
 * 85,000 open processes. Returns the elapsed ms.
 */
export async function seedProcesses(databaseUrl: string, count: number): Promise<number> {
  const started = Date.now();
  const connect = async () => {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query("SET maintenance_work_mem = '512MB'");
    return client;
  };
  const db = await connect();
  const other = await connect();
  try {
    // Bulk load as a DBA would: drop the tables' indexes and constraints (random-UUID B-tree inserts
    // thrash the buffer cache), load in two halves at once (2 cores), then rebuild exactly what the
    // migration defined.
    const rebuild = await dropIndexesAndConstraints(db);
    const half = Math.floor(count / 2);
    await Promise.all([insertRange(db, 1, half), insertRange(other, half + 1, count)]);
    const t1 = Date.now();
    const keysAndIndexes = rebuild.filter((statement) => !statement.includes('FOREIGN KEY'));
    await Promise.all([db, other].map(async (client, i) => {
      for (const statement of keysAndIndexes.filter((_, j) => j % 2 === i)) await client.query(statement);
    }));
    for (const statement of rebuild.filter((statement) => statement.includes('FOREIGN KEY'))) await db.query(statement);
    if (process.env.BENCH_SEED_DEBUG) process.stderr.write(`seed: insert ${t1 - started} ms, rebuild ${Date.now() - t1} ms\n`);
    await db.query('ANALYZE signing.signing_process, signing.signing_process_signer, signing.signing_process_document');
  } finally {
    await Promise.all([db.end(), other.end()]);
  }
  return Date.now() - started;
}

/** Processes number `from`..`to`, with their signers and documents, in one statement. */
async function insertRange(client: Client, from: number, to: number): Promise<void> {
  // One statement: the processes, and from what it returns their signers and documents.
  await client.query(
    `WITH process AS (
       INSERT INTO signing.signing_process
         (id, client_name, name, external_id, status, arqsign_process_id, settings, metadata, archive_status,
          send_attempted_at, completed_at, cancelled_at, expired_at, created_at, updated_at, version)
       SELECT md5(random()::text)::uuid, client, 'Contrato ' || g, 'ERP-' || g, status,
              CASE WHEN status IN ('SENDING', 'SEND_FAILED', 'SEND_UNCERTAIN') THEN NULL ELSE md5(random()::text)::uuid END,
              '{"useSigningOrder": true, "expirationDays": 30, "generateQrCode": true}'::jsonb,
              jsonb_build_object('erpOrder', g),
              CASE WHEN status = 'COMPLETED' THEN 'STORED' ELSE 'NONE' END,
              created_at,
              CASE WHEN status = 'COMPLETED' THEN created_at + interval '2 days' END,
              CASE WHEN status IN ('CANCELLED', 'REFUSED') THEN created_at + interval '1 day' END,
              CASE WHEN status = 'EXPIRED' THEN created_at + interval '30 days' END,
              created_at,
              CASE WHEN status IN ('COMPLETED', 'CANCELLED', 'REFUSED') THEN created_at + interval '2 days'
                   WHEN status = 'EXPIRED' THEN created_at + interval '30 days'
                   ELSE created_at + random() * (now() - created_at) END,
              3
       FROM (
         SELECT g, client, created_at,
                -- Open processes are recent (deadline 30 days); older ones have ended.
                CASE WHEN created_at > now() - interval '30 days' THEN
                       CASE WHEN r2 < 0.55 THEN 'IN_PROGRESS' WHEN r2 < 0.90 THEN 'COMPLETED' WHEN r2 < 0.94 THEN 'CANCELLED'
                            WHEN r2 < 0.97 THEN 'REFUSED' WHEN r2 < 0.99 THEN 'SEND_FAILED' WHEN r2 < 0.995 THEN 'SENDING' ELSE 'SEND_UNCERTAIN' END
                     ELSE
                       CASE WHEN r2 < 0.80 THEN 'COMPLETED' WHEN r2 < 0.87 THEN 'CANCELLED' WHEN r2 < 0.93 THEN 'REFUSED'
                            WHEN r2 < 0.97 THEN 'EXPIRED' WHEN r2 < 0.99 THEN 'SEND_FAILED' ELSE 'SEND_UNCERTAIN' END
                END AS status
         FROM (
           SELECT g, CASE WHEN r1 < 0.5 THEN 'bench-a' WHEN r1 < 0.8 THEN 'bench-b' ELSE 'bench-c' END AS client, r2,
                  now() - interval '1 hour' - r3 * interval '365 days' AS created_at
           FROM (SELECT g, random() AS r1, random() AS r2, random() AS r3 FROM generate_series($1::int, $2::int) AS g) AS r
         ) AS r
       ) AS s
       RETURNING id, external_id, status, arqsign_process_id, completed_at
     ), signer AS (
       INSERT INTO signing.signing_process_signer
         (process_id, position, name, email, signing_order, action, delivery, status, signed_at, arqsign_signer_id, options)
       SELECT id, 0, 'Maria Silva', 'maria.' || lower(external_id) || '@example.com', 1, 'SIGN', 'EMAIL',
              CASE status WHEN 'COMPLETED' THEN 'SIGNED' WHEN 'REFUSED' THEN 'REFUSED' ELSE 'PENDING' END,
              completed_at, CASE WHEN arqsign_process_id IS NULL THEN NULL ELSE md5(random()::text)::uuid END, '{}'::jsonb
       FROM process
     )
     INSERT INTO signing.signing_process_document (process_id, document_order, file_name, size, sha256, arqsign_document_id)
     SELECT id, 1, 'contrato.pdf', 183214, encode(sha256(id::text::bytea), 'hex'),
            CASE WHEN arqsign_process_id IS NULL THEN NULL ELSE md5(random()::text)::uuid END
     FROM process`,
    [from, to],
  );
}

const TABLES = ['signing.signing_process', 'signing.signing_process_signer', 'signing.signing_process_document'];

/** Drops the indexes and PK/UNIQUE/FK constraints of the seeded tables; returns the statements that restore them. */
async function dropIndexesAndConstraints(db: Client): Promise<string[]> {
  const { rows: constraints } = await db.query<{ relation: string; name: string; definition: string; type: string }>(
    `SELECT conrelid::regclass::text AS relation, conname AS name, pg_get_constraintdef(oid) AS definition, contype AS type
       FROM pg_constraint WHERE contype IN ('p', 'u', 'f') AND (conrelid::regclass::text = ANY($1) OR confrelid::regclass::text = ANY($1))`,
    [TABLES],
  );
  const { rows: indexes } = await db.query<{ name: string; definition: string }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
       FROM pg_index i WHERE i.indrelid::regclass::text = ANY($1)
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u'))`,
    [TABLES],
  );
  const foreign = constraints.filter((c) => c.type === 'f');
  const keys = constraints.filter((c) => c.type !== 'f' && TABLES.includes(c.relation));
  for (const c of foreign) await db.query(`ALTER TABLE ${c.relation} DROP CONSTRAINT "${c.name}"`);
  for (const index of indexes) await db.query(`DROP INDEX ${index.name}`);
  for (const c of keys) await db.query(`ALTER TABLE ${c.relation} DROP CONSTRAINT "${c.name}"`);
  return [
    ...keys.map((c) => `ALTER TABLE ${c.relation} ADD CONSTRAINT "${c.name}" ${c.definition}`),
    ...indexes.map((index) => index.definition),
    ...foreign.map((c) => `ALTER TABLE ${c.relation} ADD CONSTRAINT "${c.name}" ${c.definition}`),
  ];
}
