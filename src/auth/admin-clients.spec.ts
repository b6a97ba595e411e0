import { resolveAdminAccess } from './admin-clients';

describe('resolveAdminAccess', () => {
  const keys = (...names: string[]) => names.map((clientName, i) => ({ clientName, key: `key-${i}` }));

  it('ADMIN_CLIENTS unset and one client (two keys of it): that client is admin, nothing to say', () => {
    expect(resolveAdminAccess(keys('erp', 'erp'), undefined)).toEqual({ admins: new Set(['erp']) });
  });

  it('ADMIN_CLIENTS unset and several clients: nobody is admin, and the notice says how to open it', () => {
    const access = resolveAdminAccess(keys('erp', 'crm'), undefined);
    expect(access.admins.size).toBe(0);
    expect(access.notice).toMatch(/ADMIN_CLIENTS/);
  });

  it('ADMIN_CLIENTS set: exactly those (even empty)', () => {
    expect(resolveAdminAccess(keys('erp', 'crm'), ['crm']).admins).toEqual(new Set(['crm']));
    expect(resolveAdminAccess(keys('erp'), []).admins.size).toBe(0);
  });
});
