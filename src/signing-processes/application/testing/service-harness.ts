import type { ResolvedSigningOptions } from '../../../signing.module-definition';
import type { CreateProcessCommand, DocumentInput } from '../commands';
import { SendAdoption } from '../arqsign/send-adoption';
import { ProcessEventsPublisher } from '../process-events.publisher';
import { ProcessMutator } from '../process-mutator';
import { ProcessSender } from '../process-sender';
import { ProcessSynchronizer } from '../process-synchronizer';
import { SigningProcessesService } from '../signing-processes.service';
import { FakeArqsignClient } from './fake-arqsign-client';
import { InMemoryArqsignFactLedger } from './in-memory-arqsign-fact.ledger';
import { InMemorySigningProcessRepository } from './in-memory-signing-process.repository';
import { InMemorySyncChecks } from './in-memory-sync-checks';
import { RecordingEventPublisher } from './recording-event-publisher';

/** The application layer wired on port fakes, as the module wires it on real adapters. */
export function createHarness(arqsignOptions: Partial<ResolvedSigningOptions['arqsign']> = {}) {
  const repository = new InMemorySigningProcessRepository();
  const arqsign = new FakeArqsignClient();
  const publisher = new RecordingEventPublisher();
  const options = {
    arqsign: { baseUrl: 'http://arqsign.test', appKey: 'k', subscriptionKey: 's', responsibleId: 'r0000000-0000-4000-8000-000000000001', folderId: 'f0000000-0000-4000-8000-000000000001', timeoutMs: 1000, ...arqsignOptions },
    sendLimits: { maxProcessBytes: 70_000_000, maxFileBytes: 70_000_000 },
  } as ResolvedSigningOptions;
  const mutator = new ProcessMutator(repository, new ProcessEventsPublisher(publisher));
  const sender = new ProcessSender(mutator, arqsign, options);
  const synchronizer = new ProcessSynchronizer(mutator, sender, repository, arqsign, options);
  const facts = new InMemoryArqsignFactLedger();
  const checks = new InMemorySyncChecks();
  const service = new SigningProcessesService(repository, mutator, sender, synchronizer, arqsign, options, new SendAdoption(repository, synchronizer), facts, checks);
  return { repository, arqsign, publisher, service, synchronizer, facts, checks };
}

export const pdf = (text = 'A') => Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`);

export function document(fileName: string, content = pdf(fileName), i = 0): DocumentInput {
  return { fileName, content, fields: { fileName: `documents.${i}.fileName`, content: `documents.${i}.contentBase64` } };
}

export function createCommand(overrides: Partial<CreateProcessCommand> = {}): CreateProcessCommand {
  return {
    name: 'Contrato 4711',
    externalId: 'ERP-4711',
    documents: [document('contrato.pdf'), document('anexo.pdf', pdf('anexo'), 1)],
    signers: [
      { name: 'Maria Silva', email: 'maria@example.com', order: 1 },
      { name: 'João Souza', phone: '+55 11 99999-0000', order: 2, delivery: 'WHATSAPP' },
      { name: 'Arquivo', email: 'arquivo@example.com', action: 'COPY' },
    ],
    settings: { useSigningOrder: true, expirationDays: 30 },
    metadata: { order: 4711 },
    ...overrides,
  };
}
