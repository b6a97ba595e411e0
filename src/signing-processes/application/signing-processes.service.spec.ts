import { ProcessTooLargeError } from './signing-processes.errors';
import { Logger } from '@nestjs/common';
import {
  ArqsignInsufficientCreditsError,
  ArqsignRateLimitedError,
  ArqsignUncertainError,
  ArqsignUnavailableError,
} from '../../arqsign-client/arqsign-client.errors';
import { RequestValidationError } from '../../shared/errors/domain-error';
import { ProcessStatus, SignerStatus } from '../domain/process-status';
import { InvalidTransitionError, SigningProcessNotFoundError } from '../domain/signing-process.errors';
import { SigningProcess } from '../domain/signing-process';
import { API, newProcess } from '../domain/testing/process-fixtures';
import { AdoptionMismatchError, IdempotencyKeyReusedError, ProcessNotLinkedError } from './signing-processes.errors';
import { ConcurrentModificationError } from './signing-process.repository';
import { createCommand, createHarness, document, pdf } from './testing/service-harness';

beforeAll(() => Logger.overrideLogger(false));

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('SigningProcessesService.create', () => {
  it('stores the process as SENDING, sends it, and links ArqSIGN ids of the process, signers and documents', async () => {
    const { service, arqsign, repository, publisher } = createHarness();
    const { process, replayed } = await service.create('erp', createCommand());
    expect(replayed).toBe(false);
    const state = process.snapshot();
    expect(state.status).toBe(ProcessStatus.IN_PROGRESS);
    expect(state.arqsignProcessId).toMatch(UUID);
    expect(state.signers.every((s) => UUID.test(s.arqsignSignerId ?? ''))).toBe(true);
    expect(state.documents.map((d) => d.arqsignDocumentId)).toEqual(arqsign.views.get(state.arqsignProcessId!)!.documents.map((d) => d.id));
    expect((await repository.history(process.id)).map((h) => [h.type, h.fromStatus, h.toStatus])).toEqual([
      ['process.created', null, 'SENDING'],
      ['process.sent', 'SENDING', 'IN_PROGRESS'],
    ]);
    expect(publisher.published).toEqual([
      {
        name: 'signing.process.sent',
        payload: { eventId: expect.stringMatching(UUID), occurredAt: expect.any(String), processId: process.id, externalId: 'ERP-4711', clientName: 'erp', arqsignProcessId: state.arqsignProcessId },
      },
    ]);
  });

  it('sends ArqSIGN one contact per recipient, the signing order, the settings and every PDF in order', async () => {
    const { service, arqsign } = createHarness();
    await service.create('erp', createCommand());
    const [request] = arqsign.requests;
    expect(request).toMatchObject({
      idResponsavel: 'r0000000-0000-4000-8000-000000000001',
      idPasta: 'f0000000-0000-4000-8000-000000000001',
      nomeProcesso: 'Contrato 4711',
      usarOrdemAssinatura: true,
      usarPosicaoAssinaturaAutomatica: true,
      configuracoesAvancadas: { tempoExpiracaoDocumentoDias: 30 },
    });
    expect(request.destinatarios).toEqual([
      expect.objectContaining({ idTipoAcao: 1, ordemAssinatura: 1, nome: 'Maria Silva', email: 'maria@example.com' }),
      expect.objectContaining({ idTipoAcao: 1, ordemAssinatura: 2, telefone: '5511999990000' }),
      { idTipoAcao: 2, nome: 'Arquivo', email: 'arquivo@example.com' },
    ]);
    expect(request.destinatarios[1]).not.toHaveProperty('email');
    expect(request.destinatarios[0].assinarOnline).toMatchObject({ assinarComo: 1, idTipoAssinatura: 1, assinaturaEletronica: { tipoDocumentoAInformar: 1 } });
    expect(request.documentos.map((d) => [d.ordemDocumento, d.nomeComExtensao, Buffer.from(d.arquivo, 'base64').toString()])).toEqual([
      [1, 'contrato.pdf', pdf('contrato.pdf').toString()],
      [2, 'anexo.pdf', pdf('anexo').toString()],
    ]);
  });

  it.each([
    ['no documents', { documents: [] }, 'documents'],
    ['26 documents', { documents: Array.from({ length: 26 }, (_, i) => document(`d${i}.pdf`, pdf(), i)) }, 'documents'],
    ['a file that is not a PDF', { documents: [document('a.pdf', Buffer.from('GIF89a'))] }, 'documents[0].contentBase64'],
    ['two files with the same name', { documents: [document('a.pdf'), document('A.pdf', pdf(), 1)] }, 'documents[1].fileName'],
    ['a file name of 151 characters', { documents: [document(`${'x'.repeat(147)}.pdf`)] }, 'documents[0].fileName'],
    ['a file name with a path', { documents: [document('../a.pdf')] }, 'documents[0].fileName'],
    ['only copy recipients', { signers: [{ name: 'A', email: 'a@example.com', action: 'COPY' as const }] }, 'signers'],
    ['a signer without contact', { signers: [{ name: 'A' }] }, 'signers[0].email'],
    ['a bad e-mail', { signers: [{ name: 'A', email: 'a@b' }] }, 'signers[0].email'],
    ['a bad phone', { signers: [{ name: 'A', phone: '12345' }] }, 'signers[0].phone'],
    ['WhatsApp delivery without phone', { signers: [{ name: 'A', email: 'a@example.com', delivery: 'WHATSAPP' as const }] }, 'signers[0].delivery'],
    ['WhatsApp to a certificate signer', { signers: [{ name: 'A', phone: '+5511999990000', signatureType: 'ICP_BRASIL' as const }] }, 'signers[0].delivery'],
    ['signing order without an order', { settings: { useSigningOrder: true }, signers: [{ name: 'A', email: 'a@example.com' }] }, 'signers[0].order'],
    ['the same signer twice in one order', { signers: [{ name: 'A', email: 'a@example.com', order: 1 }, { name: 'B', email: 'A@example.com', order: 1 }] }, 'signers[1].email'],
    ['metadata over 16 KB', { metadata: { blob: 'x'.repeat(17 * 1024) } }, 'metadata'],
  ])('rejects %s with a 400 naming %s, storing and sending nothing', async (_case, overrides, field) => {
    const { service, arqsign, repository } = createHarness();
    const error = await service.create('erp', createCommand(overrides)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as RequestValidationError).fields.map((f) => f.field)).toContain(field);
    expect(repository.rows.size).toBe(0);
    expect(arqsign.calls).toEqual([]);
  });

  it.each([
    ['more than 70 MB in total', [40, 31], 'documents', /are 71 MB in total; a process may have at most 70 MB/],
    ['one PDF over the per-file cap', [71, 0], 'documents[0].contentBase64', /each PDF may have at most 70 MB/],
  ])('rejects %s with a 413 naming the limit, storing and sending nothing', async (_case, sizes, field, problem) => {
    const { service, arqsign, repository } = createHarness();
    const documents = sizes.map((mb, i) => document(`${i}.pdf`, Buffer.concat([pdf(), Buffer.alloc(mb * 1_000_000)]), i));
    const error = await service.create('erp', createCommand({ documents })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProcessTooLargeError);
    expect((error as ProcessTooLargeError).kind).toBe('payload_too_large');
    expect((error as ProcessTooLargeError).fields).toEqual(expect.arrayContaining([{ field, problem: expect.stringMatching(problem) }]));
    expect(repository.rows.size).toBe(0);
    expect(arqsign.calls).toEqual([]);
  });

  it('answers the same Idempotency-Key and body with the first process, sending once', async () => {
    const { service, arqsign } = createHarness();
    const first = await service.create('erp', createCommand(), 'key-1');
    const second = await service.create('erp', createCommand(), 'key-1');
    expect(second).toMatchObject({ replayed: true });
    expect(second.process.id).toBe(first.process.id);
    expect(arqsign.callsOf('sendProcess')).toHaveLength(1);
  });

  it('refuses the same Idempotency-Key with another body (422), and keeps keys per client', async () => {
    const { service, arqsign } = createHarness();
    await service.create('erp', createCommand(), 'key-1');
    await expect(service.create('erp', createCommand({ name: 'Outro' }), 'key-1')).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    await expect(service.create('erp', createCommand({ documents: [document('contrato.pdf', pdf('other bytes'))] }), 'key-1')).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    const crm = await service.create('crm', createCommand(), 'key-1');
    expect(crm.replayed).toBe(false);
    expect(arqsign.callsOf('sendProcess')).toHaveLength(2);
  });

  it('records an ArqSIGN rejection as SEND_FAILED with ArqSIGN\'s message', async () => {
    const { service, arqsign, publisher } = createHarness();
    arqsign.failNext('sendProcess', new ArqsignInsufficientCreditsError({ endpoint: 'sendProcess', httpStatus: 422, messages: ['Saldo de créditos de Envios ou WhatsApp ou SMS insuficiente'] }));
    const { process } = await service.create('erp', createCommand());
    expect(process.status).toBe(ProcessStatus.SEND_FAILED);
    expect(process.snapshot().error).toEqual({
      code: 'ARQSIGN.INSUFFICIENT_CREDITS',
      message: 'Saldo de créditos de Envios ou WhatsApp ou SMS insuficiente',
      arqsignMessages: ['Saldo de créditos de Envios ou WhatsApp ou SMS insuficiente'],
    });
    expect(publisher.published[0]).toMatchObject({ name: 'signing.process.send-failed', payload: { uncertain: false, error: 'Saldo de créditos de Envios ou WhatsApp ou SMS insuficiente' } });
  });

  it('records a send that timed out as SEND_UNCERTAIN, which a sync never sends again', async () => {
    const { service, arqsign, publisher } = createHarness();
    arqsign.failNext('sendProcess', new ArqsignUncertainError({ endpoint: 'sendProcess', reason: 'timeout' }));
    const { process } = await service.create('erp', createCommand());
    expect(process.status).toBe(ProcessStatus.SEND_UNCERTAIN);
    expect(publisher.published[0]).toMatchObject({ name: 'signing.process.send-failed', payload: { uncertain: true } });
    await expect(service.sync('erp', process.id)).rejects.toBeInstanceOf(ProcessNotLinkedError);
    expect(arqsign.callsOf('sendProcess')).toHaveLength(1);
  });

  it.each([
    ['unavailable', new ArqsignUnavailableError({ endpoint: 'sendProcess', reason: 'circuit-open' })],
    ['rate limited', new ArqsignRateLimitedError({ endpoint: 'sendProcess', httpStatus: 429 })],
  ])('keeps a send that certainly did not reach ArqSIGN (%s) as SENDING; a sync sends it again', async (_case, error) => {
    const { service, arqsign, repository } = createHarness();
    arqsign.failNext('sendProcess', error);
    const { process } = await service.create('erp', createCommand());
    expect(process.status).toBe(ProcessStatus.SENDING);
    const synced = await service.sync('erp', process.id);
    expect(synced.status).toBe(ProcessStatus.IN_PROGRESS);
    expect(arqsign.callsOf('sendProcess')).toHaveLength(2);
    expect((await repository.history(process.id)).map((h) => h.type)).toEqual(['process.created', 'process.send-deferred', 'process.send-retried', 'process.sent']);
  });

  it('refuses to store anything when ArqSIGN defaults are not configured', async () => {
    const { service, repository } = createHarness({ folderId: undefined });
    await expect(service.create('erp', createCommand())).rejects.toMatchObject({ code: 'SIGNING_PROCESS.ARQSIGN_NOT_CONFIGURED' });
    expect(repository.rows.size).toBe(0);
  });
});

describe('SigningProcessesService commands', () => {
  async function created() {
    const harness = createHarness();
    const { process } = await harness.service.create('erp', createCommand());
    harness.publisher.published.length = 0;
    const view = () => harness.arqsign.views.get(process.arqsignProcessId!)!;
    return { ...harness, process, view };
  }

  it('cancels in ArqSIGN, then locally, with a cancelled event', async () => {
    const { service, arqsign, process, publisher, view } = await created();
    const cancelled = await service.cancel('erp', process.id, 'wrong file');
    expect(cancelled.status).toBe(ProcessStatus.CANCELLED);
    expect(view().status).toBe('CANCELLED');
    expect(publisher.published).toEqual([{ name: 'signing.process.cancelled', payload: expect.objectContaining({ reason: 'wrong file', processId: process.id }) }]);
    await expect(service.cancel('erp', process.id, null)).rejects.toBeInstanceOf(InvalidTransitionError);
    expect(arqsign.callsOf('cancelProcess')).toHaveLength(1);
  });

  it('when ArqSIGN already concluded the process, records the completion and refuses the cancel', async () => {
    const { service, process, view } = await created();
    Object.assign(view(), { status: 'CONCLUDED', concludedAt: new Date() });
    await expect(service.cancel('erp', process.id, null)).rejects.toThrow(/already concluded/);
    expect((await service.get('erp', process.id)).status).toBe(ProcessStatus.COMPLETED);
  });

  it('resends with an edited e-mail: ArqSIGN gets the edit, the signer keeps it, a resent event is published', async () => {
    const { service, arqsign, process, publisher } = await created();
    const maria = process.signers[0];
    const resent = await service.resend('erp', process.id, [{ signerId: maria.id, email: 'maria.nova@example.com' }]);
    expect(arqsign.callsOf('resendProcess')[0].args).toEqual([process.arqsignProcessId, [{ idProcessoDestinatario: maria.arqsignSignerId, idFormaEnvioProcesso: 1, email: 'maria.nova@example.com' }]]);
    expect(resent.signers[0].email).toBe('maria.nova@example.com');
    expect(publisher.published).toEqual([{ name: 'signing.process.resent', payload: expect.objectContaining({ signerIds: [process.signers[0].id, process.signers[1].id], automatic: false }) }]);
  });

  it.each([
    [[{ signerId: '00000000-0000-4000-8000-000000000000' }], 'signers[0].signerId'],
    [[{ signerId: 'COPY', email: 'x@example.com' }], 'signers[0].signerId'],
    [[{ signerId: 'MARIA', email: 'not-an-email' }], 'signers[0].email'],
    [[{ signerId: 'MARIA', email: null }], 'signers[0].delivery'],
  ])('rejects resend edits %j with a 400 naming %s and no ArqSIGN call', async (edits, field) => {
    const { service, arqsign, process } = await created();
    const ids: Record<string, string> = { MARIA: process.signers[0].id, COPY: process.signers[2].id };
    const error = await service.resend('erp', process.id, edits.map((e) => ({ ...e, signerId: ids[e.signerId] ?? e.signerId }))).catch((e: unknown) => e);
    expect((error as RequestValidationError).fields.map((f) => f.field)).toEqual([field]);
    expect(arqsign.callsOf('resendProcess')).toHaveLength(0);
  });

  it('restarts a cancelled process with the same documents and signers, linking both', async () => {
    const { service, arqsign, process } = await created();
    await service.cancel('erp', process.id, null);
    const restarted = await service.restart('erp', process.id, {});
    expect(restarted.status).toBe(ProcessStatus.IN_PROGRESS);
    expect(restarted.snapshot()).toMatchObject({ restartedFrom: process.id, name: 'Contrato 4711', externalId: 'ERP-4711' });
    expect((await service.get('erp', process.id)).snapshot().restartedTo).toBe(restarted.id);
    expect(arqsign.requests[1].documentos).toEqual(arqsign.requests[0].documentos);
    expect(arqsign.requests[1].destinatarios).toEqual(arqsign.requests[0].destinatarios);
    await expect(service.restart('erp', process.id, {})).rejects.toThrow(/Already restarted/);
  });

  it('restarts with edited signers, validating them', async () => {
    const { service, arqsign, process } = await created();
    await service.cancel('erp', process.id, null);
    await expect(service.restart('erp', process.id, { signers: [{ name: 'X', email: 'bad' }] })).rejects.toBeInstanceOf(RequestValidationError);
    const restarted = await service.restart('erp', process.id, { signers: [{ name: 'Pedro', email: 'pedro@example.com', order: 1 }] });
    expect(restarted.signers.map((s) => s.email)).toEqual(['pedro@example.com']);
    expect(arqsign.requests[1].destinatarios).toHaveLength(1);
  });

  it('resyncAsSystem (the facade reconciliation uses) syncs any client\'s process as the system and reports the change', async () => {
    const { service, process, view, repository } = await created();
    expect(await service.resyncAsSystem(process.id)).toEqual({ before: ProcessStatus.IN_PROGRESS, after: ProcessStatus.IN_PROGRESS, changed: false });

    Object.assign(view(), { status: 'CANCELLED', cancelledAt: new Date('2026-01-01T10:00:00Z') });
    expect(await service.resyncAsSystem(process.id)).toEqual({ before: ProcessStatus.IN_PROGRESS, after: ProcessStatus.CANCELLED, changed: true });
    const last = (await repository.history(process.id)).at(-1)!;
    expect([last.source, last.actor]).toEqual(['sync', 'system']);
    expect(await service.resyncAsSystem('00000000-0000-4000-8000-000000000000')).toBeNull();
  });

  it('refuses to restart a process that is still in progress', async () => {
    const { service, process } = await created();
    await expect(service.restart('erp', process.id, {})).rejects.toBeInstanceOf(InvalidTransitionError);
  });

  it('sync applies signatures and the conclusion from GET v2, as source sync, once', async () => {
    const { service, process, view, publisher, repository } = await created();
    const [maria, joao] = view().signers;
    Object.assign(maria, { signed: true, signature: { signedAt: new Date('2026-01-01T10:00:00Z'), ip: '203.0.113.7' } });
    Object.assign(joao, { signed: true, signature: { signedAt: new Date('2026-01-01T11:00:00Z'), ip: '203.0.113.8' } });
    Object.assign(view(), { status: 'CONCLUDED', concludedAt: new Date('2026-01-01T11:00:01Z') });

    const synced = await service.sync('erp', process.id);
    expect(synced.status).toBe(ProcessStatus.COMPLETED);
    expect(synced.signers.map((s) => s.status)).toEqual([SignerStatus.SIGNED, SignerStatus.SIGNED, SignerStatus.PENDING]);
    expect(synced.snapshot().signers[0].signature).toEqual({ ip: '203.0.113.7' });
    expect(publisher.names()).toEqual(['signing.signer.signed', 'signing.signer.signed', 'signing.process.completed']);
    const history = (await repository.history(process.id)).slice(2);
    expect(history.map((h) => [h.type, h.source])).toEqual([
      ['signer.signed', 'sync'],
      ['signer.signed', 'sync'],
      ['process.completed', 'sync'],
    ]);
    await service.sync('erp', process.id);
    expect(await repository.history(process.id)).toHaveLength(5);
  });

  it('sync records an expiry, a refusal with its reason, and a delivery failure', async () => {
    const { service, process, view } = await created();
    view().signers[1].deliveryFailed = true;
    view().expiresAt = new Date(Date.now() - 1000);
    let synced = await service.sync('erp', process.id);
    expect(synced.status).toBe(ProcessStatus.EXPIRED);
    expect(synced.signers[1].status).toBe(SignerStatus.DELIVERY_FAILED);
    Object.assign(view().signers[0], { refused: true, refusalReason: 'valor errado' });
    Object.assign(view(), { status: 'CANCELLED', cancelledAt: new Date() });
    synced = await service.sync('erp', process.id);
    expect(synced.snapshot()).toMatchObject({ status: ProcessStatus.REFUSED, refusal: { signerId: process.signers[0].id, reason: 'valor errado' } });
  });

  it('adopts the ArqSIGN process of an uncertain send when name and recipients match', async () => {
    const { service, arqsign, repository } = createHarness();
    arqsign.failNext('sendProcess', new ArqsignUncertainError({ endpoint: 'sendProcess', reason: 'timeout' }));
    const { process } = await service.create('erp', createCommand());
    const sent = await arqsign.sendProcess(arqsign.requests[0]); // what ArqSIGN created despite the timeout
    const other = await arqsign.sendProcess({ ...arqsign.requests[0], nomeProcesso: 'Outro' });

    await expect(service.sync('erp', process.id, other.processId)).rejects.toBeInstanceOf(AdoptionMismatchError);
    await expect(service.sync('erp', process.id, '99999999-0000-4000-8000-000000000000')).rejects.toThrow(/no such process/);
    const adopted = await service.sync('erp', process.id, sent.processId.toUpperCase());
    expect(adopted.snapshot()).toMatchObject({ status: ProcessStatus.IN_PROGRESS, arqsignProcessId: sent.processId, error: null });
    expect(adopted.signers.map((s) => s.arqsignSignerId)).toEqual(sent.recipients.map((r) => r.id));
    expect((await repository.history(process.id)).at(-1)).toMatchObject({ type: 'process.sent', source: 'sync', data: { adopted: true } });
  });

  it('marks a SENDING process with no outcome long after its attempt as SEND_UNCERTAIN on sync', async () => {
    const { service, repository, arqsign } = createHarness();
    const stale = SigningProcess.send(newProcess(), API, new Date(Date.now() - 10 * 60_000));
    await repository.insert(stale, new Map());
    const synced = await service.sync('erp', stale.id);
    expect(synced.snapshot()).toMatchObject({ status: ProcessStatus.SEND_UNCERTAIN, error: { code: 'SIGNING_PROCESS.SEND_OUTCOME_LOST' } });
    expect(arqsign.calls).toEqual([]);
  });

  it('re-applies a change on a fresh load when a concurrent save wins the version check', async () => {
    const { service, process, repository, publisher } = await created();
    const save = repository.save.bind(repository);
    let raced = false;
    repository.save = async (p) => {
      if (!raced) {
        raced = true; // a webhook saved the same process first
        const other = (await repository.findById(p.id))!;
        other.recordDeliveryFailure(other.signers[1].id, { source: 'webhook', actor: 'arqsign' }, new Date());
        await save(other);
        throw new ConcurrentModificationError(p.id);
      }
      return save(p);
    };
    const cancelled = await service.cancel('erp', process.id, null);
    expect(cancelled.snapshot()).toMatchObject({ status: ProcessStatus.CANCELLED, version: 3 });
    expect(cancelled.signers[1].status).toBe(SignerStatus.DELIVERY_FAILED);
    expect(publisher.names()).toEqual(['signing.process.cancelled']);
  });

  it.each(['get', 'history', 'cancel', 'resend', 'restart', 'sync'] as const)('answers "not found" to another client on %s', async (action) => {
    const { service, process } = await created();
    const calls = {
      get: () => service.get('crm', process.id),
      history: () => service.history('crm', process.id),
      cancel: () => service.cancel('crm', process.id, null),
      resend: () => service.resend('crm', process.id, []),
      restart: () => service.restart('crm', process.id, {}),
      sync: () => service.sync('crm', process.id),
    };
    await expect(calls[action]()).rejects.toBeInstanceOf(SigningProcessNotFoundError);
  });
});

describe('SigningProcessesService.list', () => {
  it('filters by status, externalId and creation time, newest first, with a cursor', async () => {
    const { service, arqsign } = createHarness();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      if (i === 4) arqsign.failNext('sendProcess', new ArqsignInsufficientCreditsError({ endpoint: 'sendProcess', messages: ['x'] }));
      ids.push((await service.create('erp', createCommand({ externalId: `E-${i % 2}` }))).process.id);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await service.create('crm', createCommand());

    const first = await service.list('erp', { limit: 2 });
    expect(first.items.map((p) => p.id)).toEqual([ids[4], ids[3]]);
    const second = await service.list('erp', { limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((p) => p.id)).toEqual([ids[2], ids[1]]);
    const third = await service.list('erp', { limit: 2, cursor: second.nextCursor! });
    expect(third).toMatchObject({ items: [expect.objectContaining({ id: ids[0] })], nextCursor: null });

    expect((await service.list('erp', { statuses: [ProcessStatus.SEND_FAILED] })).items.map((p) => p.id)).toEqual([ids[4]]);
    expect((await service.list('erp', { externalId: 'E-1' })).items.map((p) => p.id)).toEqual([ids[3], ids[1]]);
    const from = (await service.get('erp', ids[3])).snapshot().createdAt;
    expect((await service.list('erp', { createdFrom: from })).items.map((p) => p.id)).toEqual([ids[4], ids[3]]);
    expect((await service.list('erp', { createdTo: from })).items.map((p) => p.id)).toEqual([ids[2], ids[1], ids[0]]);
  });

  it('rejects a cursor it did not issue', async () => {
    const { service } = createHarness();
    await expect(service.list('erp', { cursor: 'bm9wZQ' })).rejects.toMatchObject({ fields: [{ field: 'cursor' }] });
  });
});
