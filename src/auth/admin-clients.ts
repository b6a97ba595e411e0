import type { ApiKeyEntry } from './api-keys';

export interface AdminAccess {
  admins: ReadonlySet<string>;
  /** Set when nobody is admin by default: what the start log tells the operator. */
  notice?: string;
}

/**
 * Who may use `/v1/admin/*` (docs/hostile-input.md, "Admin"). ADMIN_CLIENTS, when set, names them.
 * Unset, admin is closed by default: a single API client (as in sandbox mode) is the admin; with
 * several clients nobody is, since any of them could otherwise read and replay everyone's inbox.
 */
export function resolveAdminAccess(apiKeys: ApiKeyEntry[], adminClients: string[] | undefined): AdminAccess {
  if (adminClients !== undefined) return { admins: new Set(adminClients) };
  const clients = [...new Set(apiKeys.map((entry) => entry.clientName))];
  if (clients.length === 1) return { admins: new Set(clients) };
  return {
    admins: new Set(),
    notice: `Admin routes (/v1/admin/*) are closed: API_KEYS names ${clients.length} clients and ADMIN_CLIENTS is not set. Set ADMIN_CLIENTS to a comma-separated list of client names to open them.`,
  };
}
