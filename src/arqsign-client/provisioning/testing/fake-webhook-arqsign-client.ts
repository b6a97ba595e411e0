import { randomBytes, randomUUID } from 'node:crypto';
import { ArqsignError, ArqsignValidationError } from '../../arqsign-client.errors';
import type { ArqsignClient } from '../../arqsign-client.port';
import type { ArqsignCreateWebhookConfigRequest, CreatedWebhookConfig, WebhookConfig, WebhookConfigStatusInput } from '../../arqsign.types';
import { mapWebhookConfigs } from '../../response-mappers';

export interface FakeConfig {
  id: string;
  nome: string;
  status: 1 | 2 | 3;
  urlPublicar: string;
  aguardaRetorno: boolean;
  /** null = this fake's list does not reveal the secret. */
  hmac: string | null;
  gatilhos: { id: number; ativo: boolean }[];
  dadosRetorno: Record<string, unknown>;
  pastas: string[];
}

/**
 * The three webhook-configuration endpoints of ArqSIGN (3.14–3.16) in memory, answering through
 * the real response mapper. Every other ArqsignClient method is absent: cast with `asClient()`.
 */
export class FakeWebhookArqsignClient {
  readonly configs: FakeConfig[] = [];
  readonly calls: string[] = [];
  readonly created: ArqsignCreateWebhookConfigRequest[] = [];
  /** Fails the next call of an endpoint with the given error. */
  readonly failNext = new Map<string, ArqsignError>();
  /** Runs before `createWebhookConfig` acts (e.g. to simulate a concurrent creator). */
  beforeCreate?: (request: ArqsignCreateWebhookConfigRequest) => void;

  asClient(): ArqsignClient {
    return this as unknown as ArqsignClient;
  }

  add(config: Partial<FakeConfig> & Pick<FakeConfig, 'nome' | 'urlPublicar'>): FakeConfig {
    const full: FakeConfig = {
      id: randomUUID(),
      status: 1,
      aguardaRetorno: true,
      hmac: randomBytes(18).toString('base64url'),
      gatilhos: [],
      dadosRetorno: {},
      pastas: [],
      ...config,
    };
    this.configs.push(full);
    return full;
  }

  byName(nome: string): FakeConfig | undefined {
    return this.configs.find((c) => c.nome === nome);
  }

  async createWebhookConfig(request: ArqsignCreateWebhookConfigRequest): Promise<CreatedWebhookConfig> {
    this.calls.push('createWebhookConfig');
    this.throwIfFailing('createWebhookConfig');
    this.beforeCreate?.(request);
    if (this.configs.some((c) => c.nome.toLowerCase() === request.nome.toLowerCase())) {
      throw new ArqsignValidationError({ endpoint: 'createWebhookConfig', httpStatus: 400, messages: ['Já existe uma configuração de webhook com este nome.'] });
    }
    this.created.push(structuredClone(request));
    const { linkDocCompartilhado, ...dados } = request.dadosRetorno ?? {};
    const config = this.add({
      nome: request.nome,
      status: request.status,
      urlPublicar: request.urlPublicar,
      aguardaRetorno: Boolean(request.aguardarRetorno),
      gatilhos: request.gatilhos.map((id) => ({ id, ativo: true })),
      dadosRetorno: { ...dados, linkDocumentoCompartilhado: linkDocCompartilhado },
    });
    return { id: config.id, name: config.nome, hmacSecret: config.hmac };
  }

  async listWebhookConfigs(): Promise<WebhookConfig[]> {
    this.calls.push('listWebhookConfigs');
    this.throwIfFailing('listWebhookConfigs');
    return mapWebhookConfigs(
      this.configs.map((c) => ({
        id: c.id,
        nome: c.nome,
        status: c.status,
        urlPublicar: c.urlPublicar,
        aguardaRetorno: c.aguardaRetorno,
        ...(c.hmac === null ? {} : { hmac: c.hmac }),
        usuarios: [],
        grupos: [],
        pastas: c.pastas,
        gatilhos: c.gatilhos.map((t) => ({ id: t.id, nome: `Gatilho ${t.id}`, ativo: t.ativo })),
        dadosRetorno: c.dadosRetorno,
      })),
    );
  }

  async changeWebhookConfigStatus(id: string, status: WebhookConfigStatusInput): Promise<void> {
    this.calls.push(`changeWebhookConfigStatus:${status}`);
    this.throwIfFailing('changeWebhookConfigStatus');
    const config = this.configs.find((c) => c.id === id);
    if (!config) throw new ArqsignValidationError({ endpoint: 'changeWebhookConfigStatus', httpStatus: 400, messages: [`O(s) id(s) listado(s) não existe(m): ${id}`] });
    config.status = status;
    if (status === 1) for (const trigger of config.gatilhos) trigger.ativo = true;
  }

  private throwIfFailing(endpoint: string): void {
    const error = this.failNext.get(endpoint);
    if (error) {
      this.failNext.delete(endpoint);
      throw error;
    }
  }
}
