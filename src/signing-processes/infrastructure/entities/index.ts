import { DocumentContentEntity, DocumentEntity } from './document.entity';
import { HistoryEntity } from './history.entity';
import { IdempotencyKeyEntity } from './idempotency-key.entity';
import { ProcessReactionEntity } from './process-reaction.entity';
import { SignerEntity } from './signer.entity';
import { SigningProcessEntity } from './signing-process.entity';

export { DocumentContentEntity, DocumentEntity, HistoryEntity, IdempotencyKeyEntity, ProcessReactionEntity, SignerEntity, SigningProcessEntity };

/** The entities of signing processes (registered in SIGNING_ENTITIES and `forFeature`). */
export const SIGNING_PROCESS_ENTITIES = [SigningProcessEntity, SignerEntity, DocumentEntity, DocumentContentEntity, HistoryEntity, IdempotencyKeyEntity, ProcessReactionEntity];
