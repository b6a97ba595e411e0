import { CreateSigningSchema1764291600000 } from './1764291600000-CreateSigningSchema';

/** Every migration, in order. A host app embedding SigningModule adds these to its DataSource. */
export const SIGNING_MIGRATIONS = [CreateSigningSchema1764291600000];
