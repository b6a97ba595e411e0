import { randomUUID } from 'node:crypto';
import type { ResolvedOptions } from '../simulator-options';

export interface SimUser {
  id: string;
  nome: string;
  email: string;
  /** 1 Ativo, 2 Inativo, 3 Bloqueado. */
  status: 1 | 2 | 3;
  remetente: boolean;
}

export interface SimGroup {
  id: string;
  nome: string;
  userIds: string[];
}

export interface SimFolder {
  id: string;
  nome: string;
  parentId: string | null;
  deleted: boolean;
}

export interface SimRole {
  id: string;
  nome: string;
  padrao: boolean;
}

/** Consumption items (2.7): 1 Envio, 2 WhatsApp, 3 SMS. */
export type ItemId = 1 | 2 | 3;
export const ITEM_NAMES: Record<ItemId, string> = { 1: 'Envio', 2: 'WhatsApp', 3: 'SMS' };

/** What a restart must keep of the account (the ids clients were configured with, balances, usage). */
export interface AccountSnapshot {
  users: SimUser[];
  groups: SimGroup[];
  folders: SimFolder[];
  roles: SimRole[];
  planId: string;
  subscriptionId: string;
  subscriptionStart: Date;
  balances: Record<ItemId, number>;
  consumption: { item: ItemId; at: Date; quantity: number }[];
}

export const ACCOUNT_STATUS_NAMES: Record<number, string> = { 1: 'Ativo', 2: 'Inativo', 3: 'Bloqueado', 4: 'Pendente' };

/**
 * The one account the simulator serves: users, groups, folder tree, roles, balances and the
 * consumption log. Seeded with a small, realistic set; ids of the responsible user and the main
 * folder come from the options so clients can be configured with them.
 */
export class AccountStore {
  readonly id: string;
  readonly nome = 'Conta Sandbox ArqSIGN';
  readonly status: 1 | 2 | 3 | 4;
  readonly users: SimUser[];
  readonly groups: SimGroup[];
  readonly folders: SimFolder[];
  readonly roles: SimRole[];
  readonly planId = randomUUID();
  readonly subscriptionId = randomUUID();
  readonly subscriptionStart: Date;
  readonly balances: Record<ItemId, number>;
  private readonly consumption: { item: ItemId; at: Date; quantity: number }[] = [];

  constructor(options: ResolvedOptions, now: Date) {
    const { account } = options;
    this.id = account.accountId;
    this.status = options.accountStatus;
    this.balances = { 1: options.credits, 2: options.whatsappCredits, 3: options.smsCredits };
    this.subscriptionStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));

    const inactiveUser = randomUUID();
    const operator = randomUUID();
    this.users = [
      { id: account.responsibleId, nome: 'Ana Remetente', email: 'ana.remetente@sandbox.example', status: 1, remetente: true },
      { id: operator, nome: 'Bruno Operador', email: 'bruno.operador@sandbox.example', status: 1, remetente: true },
      { id: inactiveUser, nome: 'Carla Inativa', email: 'carla.inativa@sandbox.example', status: 2, remetente: false },
      { id: randomUUID(), nome: 'Diego Bloqueado', email: 'diego.bloqueado@sandbox.example', status: 3, remetente: false },
    ];
    this.groups = [
      { id: randomUUID(), nome: 'Comercial', userIds: [account.responsibleId] },
      { id: randomUUID(), nome: 'Jurídico', userIds: [operator, inactiveUser] },
    ];
    const root = randomUUID();
    const comercial = randomUUID();
    this.folders = [
      { id: root, nome: 'Empresa Sandbox', parentId: null, deleted: false },
      { id: comercial, nome: 'Comercial', parentId: root, deleted: false },
      { id: account.folderId, nome: 'Contratos', parentId: comercial, deleted: false },
      { id: randomUUID(), nome: 'Financeiro', parentId: root, deleted: false },
      { id: randomUUID(), nome: 'Arquivo Morto', parentId: root, deleted: true },
    ];
    this.roles = ['Contratante', 'Contratada', 'Testemunha', 'Representante Legal', 'Fiador', 'Avalista'].map((nome, i) => ({
      id: randomUUID(),
      nome,
      padrao: i === 0,
    }));
  }

  snapshot(): AccountSnapshot {
    const { users, groups, folders, roles, planId, subscriptionId, subscriptionStart, balances, consumption } = this;
    return { users, groups, folders, roles, planId, subscriptionId, subscriptionStart, balances, consumption };
  }

  /** Replaces the seeded data with a saved account (sandbox persistence). */
  restore(saved: AccountSnapshot): void {
    const self = this as unknown as AccountSnapshot;
    for (const key of ['users', 'groups', 'folders', 'roles', 'consumption'] as const) {
      (self[key] as unknown[]).splice(0, self[key].length, ...(saved[key] as unknown[]));
    }
    Object.assign(this.balances, saved.balances);
    self.planId = saved.planId;
    self.subscriptionId = saved.subscriptionId;
    self.subscriptionStart = saved.subscriptionStart;
  }

  user(id: string): SimUser | undefined {
    return this.users.find((u) => u.id === id.toLowerCase());
  }

  group(id: string): SimGroup | undefined {
    return this.groups.find((g) => g.id === id.toLowerCase());
  }

  folder(id: string): SimFolder | undefined {
    return this.folders.find((f) => f.id === id.toLowerCase());
  }

  /** Ancestors first: [root, …, folder]. */
  folderPath(id: string): SimFolder[] {
    const path: SimFolder[] = [];
    let current = this.folder(id);
    while (current) {
      path.unshift(current);
      current = current.parentId ? this.folder(current.parentId) : undefined;
    }
    return path;
  }

  children(id: string | null): SimFolder[] {
    return this.folders.filter((f) => f.parentId === id);
  }

  /** Role comparison ignores case, leading/trailing and doubled spaces (3.1.2). */
  findRole(name: string): SimRole | undefined {
    const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();
    return this.roles.find((r) => norm(r.nome) === norm(name));
  }

  hasBalance(needed: Partial<Record<ItemId, number>>): boolean {
    return (Object.entries(needed) as [string, number][]).every(([item, qty]) => this.balances[Number(item) as ItemId] >= qty);
  }

  consume(needed: Partial<Record<ItemId, number>>, at: Date): void {
    for (const [key, qty] of Object.entries(needed) as [string, number][]) {
      if (!qty) continue;
      const item = Number(key) as ItemId;
      this.balances[item] -= qty;
      this.consumption.push({ item, at, quantity: qty });
    }
  }

  consumed(item: ItemId, from: Date, to: Date): number {
    return this.consumption
      .filter((c) => c.item === item && c.at >= from && c.at <= to)
      .reduce((sum, c) => sum + c.quantity, 0);
  }
}
