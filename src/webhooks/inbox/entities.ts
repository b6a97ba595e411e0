import { WebhookDeliveryEntity } from './webhook-delivery.entity';

/** The entities of the webhooks module (registered in SIGNING_ENTITIES and `forFeature`). */
export const WEBHOOK_ENTITIES = [WebhookDeliveryEntity];
