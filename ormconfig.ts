import 'reflect-metadata';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './src/database/data-source-options';

/**
 * The DataSource of the TypeORM CLI (`npm run migration:generate -- migrations/Name`,
 * `npm run migration:run`). It uses DATABASE_URL, or else the embedded PostgreSQL that
 * `npm start` runs under DATA_DIR (start the service first).
 */
function cliDatabaseUrl(): string {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const dataDir = resolve(process.env.DATA_DIR ?? './.data');
  const credentials = join(dataDir, 'embedded-postgres.json');
  if (!existsSync(credentials)) {
    throw new Error('Set DATABASE_URL, or run `npm start` once so the embedded PostgreSQL exists under DATA_DIR');
  }
  const { password } = JSON.parse(readFileSync(credentials, 'utf8')) as { password: string };
  const port = process.env.EMBEDDED_POSTGRES_PORT ?? '54329';
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/arqsign_bridge`;
}

export default new DataSource(dataSourceOptions(cliDatabaseUrl()));
