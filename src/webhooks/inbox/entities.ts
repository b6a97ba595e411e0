import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookReactionEntity } from './webhook-reaction.entity';

/** The entities of the webhooks module (registered in SIGNING_ENTITIES and `forFeature`). */
export const WEBHOOK_ENTITIES = [WebhookDeliveryEntity, WebhookReactionEntity];
