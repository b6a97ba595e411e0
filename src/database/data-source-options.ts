import type { DataSourceOptions } from 'typeorm';
import { SIGNING_MIGRATIONS } from '../../migrations';
import { SIGNING_ENTITIES } from './entities';

/**
 * The one definition of how we talk to PostgreSQL, shared by the app (TypeOrmModule) and the
 * TypeORM CLI (ormconfig.ts). Schema changes are migrations only: `synchronize` is never on.
 */
export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: SIGNING_ENTITIES,
    migrations: SIGNING_MIGRATIONS,
    migrationsTableName: 'signing_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    applicationName: 'arqsign-bridge',
    extra: { max: 20, connectionTimeoutMillis: 5000 },
  };
}
