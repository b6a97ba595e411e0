import { CreateSigningSchema1764291600000 } from './1764291600000-CreateSigningSchema';
import { CreateSigningProcesses1764295200000 } from './1764295200000-CreateSigningProcesses';
import { CreateArqsignWebhookConfig1764298800000 } from './1764298800000-CreateArqsignWebhookConfig';
import { CreateWebhookInbox1764302400000 } from './1764302400000-CreateWebhookInbox';
import { CreateStoredFiles1764306000000 } from './1764306000000-CreateStoredFiles';
import { CreateReconciliation1764309600000 } from './1764309600000-CreateReconciliation';
import { CreateJobInstances1764316800000 } from './1764316800000-CreateJobInstances';
import { ReactionsLearntBySync1764320400000 } from './1764320400000-ReactionsLearntBySync';
import { CreateArqsignRateLimiter1764324000000 } from './1764324000000-CreateArqsignRateLimiter';
import { StoreSignerAttachments1764327600000 } from './1764327600000-StoreSignerAttachments';
import { CreateOutboundWebhooks1764331200000 } from './1764331200000-CreateOutboundWebhooks';
import { CreateDurableEvents1764334800000 } from './1764334800000-CreateDurableEvents';
import { ArqsignFactsAndProcessReactions1764338400000 } from './1764338400000-ArqsignFactsAndProcessReactions';
import { ProcessQueryIndexes1764342000000 } from './1764342000000-ProcessQueryIndexes';
import { StreamLargeWebhookBodies1764345600000 } from './1764345600000-StreamLargeWebhookBodies';
import { InboxAsQueue1764349200000 } from './1764349200000-InboxAsQueue';

/** Every migration, in order. A host app embedding SigningModule adds these to its DataSource. */
export const SIGNING_MIGRATIONS = [CreateSigningSchema1764291600000, CreateSigningProcesses1764295200000, CreateArqsignWebhookConfig1764298800000, CreateWebhookInbox1764302400000, CreateStoredFiles1764306000000, CreateReconciliation1764309600000, CreateJobInstances1764316800000, ReactionsLearntBySync1764320400000, CreateArqsignRateLimiter1764324000000, StoreSignerAttachments1764327600000, CreateOutboundWebhooks1764331200000, CreateDurableEvents1764334800000, ArqsignFactsAndProcessReactions1764338400000, ProcessQueryIndexes1764342000000, StreamLargeWebhookBodies1764345600000, InboxAsQueue1764349200000];
