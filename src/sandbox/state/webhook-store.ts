import { randomBytes, randomUUID } from 'node:crypto';

/** 1 Ativo, 2 Inativo, 3 Inativo por falhas (read-only, set by the dispatcher). */
export type WebhookStatus = 1 | 2 | 3;

export interface ReturnSections {
  processo: boolean;
  signatarios: boolean;
  documentos: boolean;
  documentosTipo: 1 | 2 | null;
  linkDocCompartilhado: boolean;
  registrosAssinatura: boolean;
  registrosAssinaturaTipo: 1 | 2 | null;
}

export interface TriggerState {
  id: number;
  ativo: boolean;
  /** Failed attempts since the last success/reactivation ("Falha em Gatilho" in the UI). */
  failures: number;
}

export interface WebhookConfig {
  id: string;
  nome: string;
  status: WebhookStatus;
  urlPublicar: string;
  aguardarRetorno: boolean;
  hmac: string;
  usuarios: string[];
  grupos: string[];
  pastas: string[];
  gatilhos: TriggerState[];
  dadosRetorno: ReturnSections;
}

export const MAX_WEBHOOK_CONFIGS = 25;

export class WebhookStore {
  private readonly configs = new Map<string, WebhookConfig>();

  create(input: Omit<WebhookConfig, 'id' | 'hmac'>): WebhookConfig {
    const config: WebhookConfig = { ...input, id: randomUUID(), hmac: randomBytes(24).toString('base64url') };
    this.configs.set(config.id, config);
    return config;
  }

  /** Puts back a saved configuration (sandbox persistence). */
  restore(config: WebhookConfig): void {
    this.configs.set(config.id, config);
  }

  get(id: string): WebhookConfig | undefined {
    return this.configs.get(id.toLowerCase());
  }

  all(): WebhookConfig[] {
    return [...this.configs.values()];
  }

  count(): number {
    return this.configs.size;
  }

  findByName(nome: string): WebhookConfig | undefined {
    const key = nome.trim().toLowerCase();
    return this.all().find((c) => c.nome.trim().toLowerCase() === key);
  }
}
