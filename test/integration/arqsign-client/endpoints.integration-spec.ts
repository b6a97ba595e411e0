import { randomUUID } from 'node:crypto';
import {
  ArqsignAlreadyFinishedError,
  ArqsignError,
  ArqsignInsufficientCreditsError,
  ArqsignNotFoundError,
  ArqsignUnauthorizedError,
  ArqsignValidationError,
  type ArqsignCreateWebhookConfigRequest,
} from '../../../src/arqsign-client';
import { PDF_BASE64, act, fixture, sendRequest, startKit, type Kit } from './client-kit';

/**
 * Contract tests: every endpoint of docs/arqsign.md#endpoints through `HttpArqsignClient`, against the simulator
 * over HTTP. The simulator answers each endpoint in its documented casing — PascalCase for
 * `IdProcesso` (send), `NomeProcesso`/`Status` (status), `IdProcessoDestinatario` (signer data) and
 * `Conta` (account), camelCase elsewhere — so both casings go through the client's reader.
 */

async function failure(promise: Promise<unknown>): Promise<ArqsignError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ArqsignError);
    return error as ArqsignError;
  }
  throw new Error('expected the call to fail');
}

const isPdfBase64 = (value: string | null) => Buffer.from(value ?? '', 'base64').subarray(0, 5).toString('latin1') === '%PDF-';

describe('ArqSIGN client ↔ simulator: every endpoint', () => {
  let kit: Kit;

  beforeAll(async () => {
    kit = await startKit();
  });

  afterAll(async () => {
    await kit?.close();
  });

  describe('account (3.9 – 3.13)', () => {
    it('getAccount reads the PascalCase `Conta` block and the balances', async () => {
      const account = await kit.client.getAccount();
      expect(account.account).toMatchObject({ id: kit.sim.account.accountId, status: 'ACTIVE' });
      expect(account.account.name).toEqual(expect.any(String));
      expect(account.plan?.id).toEqual(expect.any(String));
      const sends = account.subscription?.items.find((i) => i.id === 1);
      expect(sends?.balance).toBeGreaterThan(0);
    });

    it('getSignerRoles lists the roles the send example uses', async () => {
      const roles = await kit.client.getSignerRoles();
      expect(roles.map((r) => r.name)).toEqual(expect.arrayContaining(['Contratante', 'Testemunha', 'Representante Legal']));
      expect(roles.every((r) => typeof r.isDefault === 'boolean')).toBe(true);
    });

    it('findUsers finds the responsible user; ativos filters inactive users out', async () => {
      const active = await kit.client.findUsers({ ativos: true });
      const all = await kit.client.findUsers({ ativos: false });
      expect(active).toContainEqual(expect.objectContaining({ id: kit.sim.account.responsibleId, status: 'ACTIVE', canSend: true }));
      expect(active.every((u) => u.status === 'ACTIVE')).toBe(true);
      expect(all.length).toBeGreaterThan(active.length);
      const byId = await kit.client.findUsers({ usuarios: [kit.sim.account.responsibleId] });
      expect(byId.map((u) => u.id)).toEqual([kit.sim.account.responsibleId]);
    });

    it('findFolders: full path of a folder (1) and root with children (3)', async () => {
      const [folder] = await kit.client.findFolders({ buscarPor: 1, pastas: [kit.sim.account.folderId] });
      expect(folder).toMatchObject({ id: kit.sim.account.folderId, active: true, children: null });
      expect(folder.fullPath?.split('|').length).toBeGreaterThan(1);
      const [root] = await kit.client.findFolders({ buscarPor: 3 });
      expect(root.children?.length).toBeGreaterThan(0);
      expect(root.children?.some((c) => c.active === false)).toBe(true); // deleted folders listed unless ativas
      const [activeRoot] = await kit.client.findFolders({ buscarPor: 3, ativas: true });
      expect(activeRoot.children?.every((c) => c.active === true)).toBe(true);
    });
  });

  describe('process life cycle (3.1 – 3.8)', () => {
    let processId: string;
    let documentIds: string[];
    let signerIds: string[];

    it('sendProcess reads the PascalCase IdProcesso and the ids to keep', async () => {
      const sent = await kit.client.sendProcess(sendRequest(kit.sim));
      processId = sent.processId;
      documentIds = sent.documents.map((d) => d.id);
      signerIds = sent.recipients.map((r) => r.id);
      expect(processId).toMatch(/^[0-9a-f-]{36}$/i);
      expect(sent.documents.map((d) => [d.order, d.name])).toEqual([
        [1, 'contrato-4711.pdf'],
        [2, 'anexo-tabela-de-precos.pdf'],
      ]);
      expect(sent.recipients.map((r) => r.deliveryAddress)).toEqual(['maria.exemplo@example.com', 'joao.teste@example.com']);
      expect(sent.recipients[1].attachmentRequests.map((a) => a.name)).toEqual(['Contrato Social']);
    });

    it('getProcessStatus reads the PascalCase NomeProcesso/Status answered with 201', async () => {
      expect(await kit.client.getProcessStatus(processId)).toEqual({ processId, name: 'Contrato 4711', status: 'WAITING', statusText: 'Aguardando' });
    });

    it('getSigners reads the documented PascalCase IdProcessoDestinatario / IdFormaEnvioProcesso', async () => {
      const summary = await kit.client.getSigners(processId);
      expect(summary.status).toBe('WAITING');
      expect(summary.expiresAt).toBeInstanceOf(Date);
      expect(summary.signers.map((s) => s.id)).toEqual(signerIds);
      expect(summary.signers[0]).toMatchObject({ deliveryChannel: 'EMAIL', signed: false, deliveryFailed: false, signatureTypeId: 1 });
    });

    it('getProcess reads the whole camelCase process with Base64 PDFs', async () => {
      const process = await kit.client.getProcess(processId);
      expect(process).toMatchObject({ processId, name: 'Contrato 4711', status: 'WAITING', folderId: kit.sim.account.folderId });
      expect(process.signers.map((s) => s.id)).toEqual(signerIds);
      expect(process.signers[1]).toMatchObject({ waitingForTurn: true, signed: false, action: 'SIGN' });
      expect(process.documents.map((d) => d.id)).toEqual(documentIds);
      expect(isPdfBase64(process.documents[0].contentBase64)).toBe(true);
    });

    it('resendProcess with an edit and with [] returns the pending signers', async () => {
      const edited = await kit.client.resendProcess(processId, [
        { idProcessoDestinatario: signerIds[0], idFormaEnvioProcesso: 1, email: 'maria.nova@example.com' },
      ]);
      expect(edited.map((p) => p.id)).toEqual(signerIds);
      expect(edited[0].deliveryAddress).toBe('maria.nova@example.com');
      const plain = await kit.client.resendProcess(processId);
      expect(plain.map((p) => p.id)).toEqual(signerIds);
      expect((await kit.client.getProcess(processId)).resentAt).toBeInstanceOf(Date);
    });

    it('after both signatures: attachments (Base64 and link), the signature record, and 422 on cancel', async () => {
      await act(kit.sim, processId, { action: 'sign' });
      await act(kit.sim, processId, { action: 'sign', anexos: [{ nome: 'Contrato Social', arquivoNome: 'contrato-social.pdf', base64: PDF_BASE64 }] });
      const concluded = await kit.client.getProcess(processId);
      expect(concluded.status).toBe('CONCLUDED');
      expect(concluded.signers.every((s) => s.signed && s.signature?.signedAt instanceof Date)).toBe(true);

      const base64 = await kit.client.getSignerAttachments(processId, { arquivoTipo: 1 });
      const joao = base64.find((s) => s.signerId === signerIds[1])!;
      expect(joao.attachments).toHaveLength(1);
      expect(joao.attachments[0]).toMatchObject({ kind: 'base64', content: PDF_BASE64 });
      expect(base64.find((s) => s.signerId === signerIds[0])?.attachments).toEqual([]);

      const links = await kit.client.getSignerAttachments(processId, { arquivoTipo: 2, signatarios: [signerIds[1]] });
      expect(links.map((s) => s.signerId)).toEqual([signerIds[1]]);
      const link = links[0].attachments[0].content!;
      expect(link.startsWith(kit.sim.url)).toBe(true);
      expect(Buffer.from(await (await fetch(link)).arrayBuffer()).toString('base64')).toBe(PDF_BASE64);

      const record = await kit.client.getSignatureRecord(documentIds[0]);
      expect(record.documentId).toBe(documentIds[0]);
      expect(record.name).toMatch(/Registro de Assinaturas/i);
      expect(isPdfBase64(record.contentBase64)).toBe(true);

      const error = await failure(kit.client.cancelProcess(processId));
      expect(error).toBeInstanceOf(ArqsignAlreadyFinishedError);
      expect(error).toMatchObject({ code: 'ARQSIGN.ALREADY_FINISHED', state: 'CONCLUDED', httpStatus: 422, messages: ['Documento concluído.'] });
    });

    it('cancelProcess cancels an open process; a second cancel is ALREADY_FINISHED (CANCELLED)', async () => {
      const { processId: id } = await kit.client.sendProcess(sendRequest(kit.sim, 'Para cancelar'));
      expect(await kit.client.cancelProcess(id)).toEqual({ processId: id, message: 'Documento cancelado com sucesso' });
      expect((await kit.client.getProcessStatus(id)).status).toBe('CANCELLED');
      expect(await failure(kit.client.cancelProcess(id))).toMatchObject({ code: 'ARQSIGN.ALREADY_FINISHED', state: 'CANCELLED' });
      expect(await failure(kit.client.resendProcess(id))).toBeInstanceOf(ArqsignAlreadyFinishedError);
    });

    it('getUsage counts the sends of the period', async () => {
      const today = new Date().toISOString().slice(0, 10);
      const usage = await kit.client.getUsage({ dataInicial: today, dataFinal: today, item: 0 });
      expect(usage.accountId).toBe(kit.sim.account.accountId);
      expect(usage.items.find((i) => i.id === 1)?.quantity).toBeGreaterThanOrEqual(2);
    });
  });

  describe('webhook configurations (3.14 – 3.16)', () => {
    it('create, list (with the spellings of the list), deactivate and reactivate', async () => {
      const request: ArqsignCreateWebhookConfigRequest = {
        ...fixture<ArqsignCreateWebhookConfigRequest>('webhook-config-create-tracking-request.json'),
        nome: 'Contract test - tracking',
        urlPublicar: 'http://127.0.0.1:9/webhooks/arqsign',
        pastas: [kit.sim.account.folderId],
      };
      const created = await kit.client.createWebhookConfig(request);
      expect(created.id).toMatch(/^[0-9a-f-]{36}$/i);
      expect(created.hmacSecret).toEqual(expect.any(String));

      const listed = (await kit.client.listWebhookConfigs()).find((c) => c.id === created.id);
      expect(listed).toMatchObject({
        name: 'Contract test - tracking',
        status: 'ACTIVE',
        waitForResponse: true, // returned as `aguardaRetorno`
        hmacSecret: created.hmacSecret,
        folders: [kit.sim.account.folderId],
        returnData: { process: true, signers: true, documents: false, sharedDocumentLink: false },
      });
      expect(listed?.triggers.map((t) => [t.id, t.active])).toEqual([[2, true], [3, true], [4, true], [5, true], [6, true]]);

      await kit.client.changeWebhookConfigStatus(created.id, 2);
      expect((await kit.client.listWebhookConfigs()).find((c) => c.id === created.id)?.status).toBe('INACTIVE');
      await kit.client.changeWebhookConfigStatus(created.id, 1);
      expect((await kit.client.listWebhookConfigs()).find((c) => c.id === created.id)?.status).toBe('ACTIVE');
    });
  });

  describe('documented errors', () => {
    it('validation: ArqSIGN messages come through verbatim, several at once', async () => {
      const request = sendRequest(kit.sim);
      request.destinatarios[0].email = 'not-an-email';
      request.idPasta = randomUUID();
      const error = await failure(kit.client.sendProcess(request));
      expect(error).toBeInstanceOf(ArqsignValidationError);
      expect(error.httpStatus).toBe(400);
      expect(error.messages).toEqual(expect.arrayContaining(['E-mail inválido.']));
      expect(error.messages.length).toBeGreaterThanOrEqual(2);
    });

    it('401 on a wrong key; either SubscriptionKey of the pair is accepted', async () => {
      const wrong = kit.makeClient({ subscriptionKey: 'not-the-key' });
      const error = await failure(wrong.getAccount());
      expect(error).toBeInstanceOf(ArqsignUnauthorizedError);
      expect(error.messages).toEqual(['Acesso não autorizado.']);
      expect(JSON.stringify(error)).not.toContain(kit.sim.account.appKey);
      const second = kit.makeClient({ subscriptionKey: kit.sim.account.subscriptionKeys[1] });
      await expect(second.getSignerRoles()).resolves.toEqual(expect.any(Array));
    });

    it('not found: an unknown process or document id, and a deleted process', async () => {
      expect(await failure(kit.client.getProcess(randomUUID()))).toBeInstanceOf(ArqsignNotFoundError);
      expect(await failure(kit.client.getProcessStatus(randomUUID()))).toBeInstanceOf(ArqsignNotFoundError);
      expect(await failure(kit.client.getSignatureRecord(randomUUID()))).toBeInstanceOf(ArqsignNotFoundError);
      const { processId } = await kit.client.sendProcess(sendRequest(kit.sim, 'Para excluir'));
      await act(kit.sim, processId, { action: 'delete' });
      const deleted = await failure(kit.client.getProcess(processId));
      expect(deleted).toMatchObject({ code: 'ARQSIGN.NOT_FOUND', deleted: true, messages: ['Documento excluído.'] });
    });
  });
});

describe('ArqSIGN client ↔ simulator: account without credits', () => {
  let kit: Kit;

  beforeAll(async () => {
    kit = await startKit({ credits: 0 });
  });

  afterAll(async () => {
    await kit?.close();
  });

  it('send answers INSUFFICIENT_CREDITS with ArqSIGN message, and getAccount shows the zero balance', async () => {
    const error = await failure(kit.client.sendProcess(sendRequest(kit.sim)));
    expect(error).toBeInstanceOf(ArqsignInsufficientCreditsError);
    expect(error.messages).toEqual(['Saldo de créditos de Envios ou WhatsApp ou SMS insuficiente']);
    expect(error.retryable).toBe(false);
    const account = await kit.client.getAccount();
    expect(account.subscription?.items.find((i) => i.id === 1)?.balance).toBe(0);
  });
});

describe('ArqSIGN client ↔ simulator behind a path prefix (docs/arqsign-gaps.md#gap-02)', () => {
  let kit: Kit;

  beforeAll(async () => {
    kit = await startKit({ basePath: '/v2' });
  });

  afterAll(async () => {
    await kit?.close();
  });

  it('reaches every route under the configured base URL', async () => {
    const prefixed = kit.makeClient({ baseUrl: `${kit.sim.url}/v2/` });
    await expect(prefixed.getSignerRoles()).resolves.toEqual(expect.any(Array));
    expect(await failure(kit.client.getSignerRoles())).toBeInstanceOf(ArqsignNotFoundError); // no prefix → 404
  });
});
