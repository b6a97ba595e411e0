import type { EntitySchema } from 'typeorm';
import { WebhookConfigEntity } from '../arqsign-client';
import { SIGNING_PROCESS_ENTITIES } from '../signing-processes';
import { StoredFileEntity } from '../storage';
import { WEBHOOK_ENTITIES } from '../webhooks';

/**
 * Every TypeORM entity of the module, for the CLI data source and for hosts that list entities
 * explicitly. Feature modules register theirs here and with `TypeOrmModule.forFeature`.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const SIGNING_ENTITIES: (Function | EntitySchema)[] = [...SIGNING_PROCESS_ENTITIES, WebhookConfigEntity, StoredFileEntity, ...WEBHOOK_ENTITIES];
