import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ArqsignClient } from '../../arqsign-client/arqsign-client.port';
import { ArqsignUnavailableError } from '../../arqsign-client/arqsign-client.errors';
import type { ProcessDetails, SignatureRecord } from '../../arqsign-client/arqsign.types';
import type { ArchivedFile } from '../../signing-processes/domain/archive';
import { ChangeSource } from '../../signing-processes/domain/process-status';
import { SigningProcess } from '../../signing-processes/domain/signing-process';
import { API, later, newProcess, sentFor, T0, WEBHOOK } from '../../signing-processes/domain/testing/process-fixtures';
import { DownloadBlockedError, DownloadHttpError, DownloadNetworkError } from '../download/download.errors';
import type { DownloadInfo, SafeDownloader } from '../download/safe-downloader';
import { InMemorySignedFileStore } from '../testing/in-memory-store';
import { InMemoryStoredFileRepository } from '../testing/in-memory-stored-file.repository';
import { ArchiveProcesses, ArchiveService } from './archive.service';
import { ConclusionPayload, ConclusionPayloadReader } from '../../webhooks';

const pdf = (text: string) => Buffer.from(`%PDF-1.7\n% ${text}\n%%EOF\n`);
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const b64 = (bytes: Buffer) => bytes.toString('base64');

const SIGNED = [pdf('signed 1'), pdf('signed 2')];
const RECORDS = [pdf('record 1'), pdf('record 2')];
const SYSTEM = { source: ChangeSource.POLICY, actor: 'system' };

function completedProcess(): SigningProcess {
  const process = SigningProcess.send(
    newProcess({
      documents: [
        { fileName: 'contrato.pdf', order: 1, size: 10, sha256: 'a'.repeat(64) },
        { fileName: 'anexo de preços.pdf', order: 2, size: 10, sha256: 'b'.repeat(64) },
      ],
    }),
    API,
    T0,
  );
  process.markSent(sentFor(process), API, later(1));
  process.complete(later(2), WEBHOOK);
  return SigningProcess.restore(process.snapshot());
}

/** ArchiveProcesses over a real aggregate, collecting the events it publishes. */
class AggregateProcesses implements ArchiveProcesses {
  readonly events: { name: string; data: unknown }[] = [];
  constructor(public process: SigningProcess) {}

  async find() {
    return this.process.snapshot();
  }
  async markStored(_id: string, files: ArchivedFile[]) {
    this.process.markArchiveStored(files, SYSTEM, new Date());
    this.collect();
  }
  async markFailed(_id: string, error: string) {
    this.process.markArchiveFailed(error, SYSTEM, new Date());
    this.collect();
  }
  private collect() {
    this.events.push(...this.process.pullEvents().map((e) => ({ name: e.name, data: e.data })));
    this.process = SigningProcess.restore(this.process.snapshot());
  }
}

type Answer = Buffer | Error;
class FakeDownloader {
  readonly calls: string[] = [];
  readonly answers = new Map<string, Answer[]>();

  answer(url: string, ...answers: Answer[]) {
    this.answers.set(url, answers);
  }

  async download<T>(url: string, consume: (body: Readable, info: DownloadInfo) => Promise<T>): Promise<T> {
    this.calls.push(url);
    const queue = this.answers.get(url) ?? [new DownloadHttpError(404)];
    const next = queue.length > 1 ? queue.shift()! : queue[0];
    if (next instanceof Error) throw next;
    return consume(Readable.from([next]), { url: new URL(url), contentLength: next.length });
  }
}

class FakeArqsign {
  readonly calls: string[] = [];
  details: ProcessDetails | Error = new ArqsignUnavailableError({ endpoint: 'getProcess', reason: 'down' });
  records = new Map<string, SignatureRecord>();

  async getProcess(id: string): Promise<ProcessDetails> {
    this.calls.push(`getProcess ${id}`);
    if (this.details instanceof Error) throw this.details;
    return this.details;
  }
  async getSignatureRecord(documentId: string): Promise<SignatureRecord> {
    this.calls.push(`getSignatureRecord ${documentId}`);
    const record = this.records.get(documentId);
    if (!record) throw new ArqsignUnavailableError({ endpoint: 'getSignatureRecord', reason: 'down' });
    return record;
  }
}

class FixedConclusion extends ConclusionPayloadReader {
  payload: unknown = null;
  /** Long strings as a large body's reader serves them: placeholder → content. */
  streamed = new Map<string, string>();
  async latest(): Promise<ConclusionPayload | null> {
    if (this.payload === null) return null;
    return { body: this.payload, open: (value) => (this.streamed.has(value) ? Readable.from([Buffer.from(this.streamed.get(value)!, 'latin1')]) : null) };
  }
}

function setup(options: { maxAttempts?: number } = {}) {
  const process = completedProcess();
  const processes = new AggregateProcesses(process);
  const files = new InMemoryStoredFileRepository();
  const store = new InMemorySignedFileStore();
  const downloader = new FakeDownloader();
  const arqsign = new FakeArqsign();
  const conclusion = new FixedConclusion();
  const sleeps: number[] = [];
  const service = new ArchiveService(processes, files, store, downloader as unknown as SafeDownloader, arqsign as unknown as ArqsignClient, conclusion, {
    maxAttempts: options.maxAttempts ?? 3,
    maxFileBytes: 1024 * 1024,
    sleep: async (ms) => void sleeps.push(ms),
  });
  const p = process.snapshot();
  const docIds = p.documents.map((d) => d.arqsignDocumentId!);
  const link = (kind: string, i: number) => `https://files.arqsign.com/download/${kind}/${docIds[i]}?token=t${i}`;
  const linkPayload = () => ({
    IdEvento: 8,
    IdProcesso: p.arqsignProcessId,
    Documentos: docIds.map((id, i) => ({
      Id: id.toUpperCase(),
      OrdemDocumento: i + 1,
      NomeDocumento: `doc${i + 1}.pdf`,
      LinkParaBaixarDocumento: link('documento', i),
      RegistroAssinaturas: [{ NomeRegistro: `doc${i + 1}_Registro de assinaturas.pdf`, LinkParaBaixarRegistro: link('registro', i) }],
    })),
  });
  const answerAllLinks = () => docIds.forEach((_, i) => (downloader.answer(link('documento', i), SIGNED[i]), downloader.answer(link('registro', i), RECORDS[i])));
  const apiDetails = (): ProcessDetails =>
    ({
      processId: p.arqsignProcessId!,
      documents: docIds.map((id, i) => ({ id, order: i + 1, name: `doc${i + 1}.pdf`, contentBase64: b64(SIGNED[i]), signatureRecord: { name: `doc${i + 1}_Registro.pdf`, contentBase64: b64(RECORDS[i]) } })),
    }) as unknown as ProcessDetails;
  return { process: p, processes, files, store, downloader, arqsign, conclusion, service, sleeps, link, linkPayload, answerAllLinks, apiDetails, docIds };
}

describe('ArchiveService', () => {
  it('stores every signed document and record from the conclusion links, with size and SHA-256, then STORED', async () => {
    const t = setup();
    t.conclusion.payload = t.linkPayload();
    t.answerAllLinks();

    const result = await t.service.run(t.process.id);

    expect(result.outcome).toBe('stored');
    const rows = await t.files.listByProcess(t.process.id);
    expect(rows.map((r) => [r.kind, r.documentOrder, r.source, r.fileName])).toEqual([
      ['SIGNED_DOCUMENT', 1, 'LINK', 'contrato.pdf'],
      ['SIGNATURE_RECORD', 1, 'LINK', 'doc1_Registro de assinaturas.pdf'],
      ['SIGNED_DOCUMENT', 2, 'LINK', 'anexo de preços.pdf'],
      ['SIGNATURE_RECORD', 2, 'LINK', 'doc2_Registro de assinaturas.pdf'],
    ]);
    expect(rows.map((r) => r.sha256)).toEqual([sha(SIGNED[0]), sha(RECORDS[0]), sha(SIGNED[1]), sha(RECORDS[1])]);
    expect(rows.map((r) => r.size)).toEqual([SIGNED[0].length, RECORDS[0].length, SIGNED[1].length, RECORDS[1].length]);
    for (const row of rows) {
      expect(row.storageKey).toMatch(new RegExp(`^processes/${t.process.id}/[0-9a-f-]{36}\\.pdf$`));
      expect(sha(t.store.objects.get(row.storageKey)!)).toBe(row.sha256);
    }
    expect(t.store.objects.size).toBe(4);
    expect(t.processes.process.snapshot().archive).toEqual({ status: 'STORED', error: null });
    expect(t.processes.events.map((e) => e.name)).toEqual(['signing.files.stored']);
    expect((t.processes.events[0].data as { files: unknown[] }).files).toHaveLength(4);
    expect(t.arqsign.calls).toEqual([]);
  });

  it('stores from the conclusion Base64 when it carries files instead of links', async () => {
    const t = setup();
    t.conclusion.payload = {
      Documentos: t.docIds.map((id, i) => ({
        Id: id,
        OrdemDocumento: i + 1,
        Base64Documento: b64(SIGNED[i]),
        RegistroAssinaturas: [{ NomeRegistro: `r${i}.pdf`, Base64Registro: b64(RECORDS[i]) }],
      })),
    };
    await t.service.run(t.process.id);
    const rows = await t.files.listByProcess(t.process.id);
    expect(rows.map((r) => r.source)).toEqual(['BASE64', 'BASE64', 'BASE64', 'BASE64']);
    expect(rows.map((r) => r.sha256)).toEqual([sha(SIGNED[0]), sha(RECORDS[0]), sha(SIGNED[1]), sha(RECORDS[1])]);
    expect(t.downloader.calls).toEqual([]);
  });

  it('streams a large conclusion\'s Base64 through the port (placeholders opened one by one) with the same checksums', async () => {
    const t = setup();
    const placeholder = (at: number) => `[elided string at byte ${at}, 100 bytes]`;
    t.conclusion.payload = {
      Documentos: t.docIds.map((id, i) => ({ Id: id, OrdemDocumento: i + 1, Base64Documento: placeholder(2 * i), RegistroAssinaturas: [{ Base64Registro: placeholder(2 * i + 1) }] })),
    };
    t.docIds.forEach((_id, i) => {
      t.conclusion.streamed.set(placeholder(2 * i), b64(SIGNED[i]).replace(/(.{76})/g, '$1\n'));
      t.conclusion.streamed.set(placeholder(2 * i + 1), b64(RECORDS[i]));
    });
    await t.service.run(t.process.id);
    const rows = await t.files.listByProcess(t.process.id);
    expect(rows.map((r) => r.source)).toEqual(['BASE64', 'BASE64', 'BASE64', 'BASE64']);
    expect(rows.map((r) => r.sha256)).toEqual([sha(SIGNED[0]), sha(RECORDS[0]), sha(SIGNED[1]), sha(RECORDS[1])]);
  });

  it('a streamed Base64 that turns out invalid is not stored; the API is tried next', async () => {
    const t = setup();
    t.conclusion.payload = { Documentos: t.docIds.map((id, i) => ({ Id: id, OrdemDocumento: i + 1, Base64Documento: `[elided string at byte ${i}, 9 bytes]` })) };
    t.docIds.forEach((_id, i) => t.conclusion.streamed.set(`[elided string at byte ${i}, 9 bytes]`, 'not*base64'));
    const outcome = await t.service.run(t.process.id);
    expect(outcome.outcome).toBe('failed');
    expect(outcome.outcome === 'failed' && outcome.error).toMatch(/signed document 1: Base64: (.*: )?not valid Base64; API: /);
    expect(await t.files.listByProcess(t.process.id)).toEqual([]);
  });

  it('uses GET v2 and the signature-record endpoint when the conclusion carries neither', async () => {
    const t = setup();
    t.arqsign.details = t.apiDetails();
    t.arqsign.records.set(t.docIds[0], { documentId: t.docIds[0], name: 'rec1.pdf', contentBase64: b64(RECORDS[0]) });
    await t.service.run(t.process.id);
    const rows = await t.files.listByProcess(t.process.id);
    expect(rows.map((r) => [r.source, r.sha256])).toEqual([
      ['API', sha(SIGNED[0])],
      ['API', sha(RECORDS[0])],
      ['API', sha(SIGNED[1])],
      ['API', sha(RECORDS[1])],
    ]);
    expect(rows[1].fileName).toBe('rec1.pdf');
    // GET v2 once for the whole run; the record endpoint first for each record.
    expect(t.arqsign.calls.filter((c) => c.startsWith('getProcess'))).toHaveLength(1);
    expect(t.arqsign.calls.filter((c) => c.startsWith('getSignatureRecord'))).toHaveLength(2);
  });

  it('falls back to the API at once when a link has expired (403), without retrying it', async () => {
    const t = setup();
    t.conclusion.payload = t.linkPayload();
    t.answerAllLinks();
    t.downloader.answer(t.link('documento', 0), new DownloadHttpError(403));
    t.arqsign.details = t.apiDetails();

    await t.service.run(t.process.id);

    const first = await t.files.findOne(t.process.id, 'SIGNED_DOCUMENT', 1);
    expect(first).toMatchObject({ source: 'API', sha256: sha(SIGNED[0]) });
    expect(t.downloader.calls.filter((u) => u === t.link('documento', 0))).toHaveLength(1);
    expect(t.sleeps).toEqual([]);
    expect(t.processes.process.snapshot().archive.status).toBe('STORED');
  });

  it('retries a transient failure ARCHIVE_MAX_ATTEMPTS times with exponential backoff from 1 s', async () => {
    const t = setup({ maxAttempts: 3 });
    t.conclusion.payload = t.linkPayload();
    t.answerAllLinks();
    t.downloader.answer(t.link('documento', 0), new DownloadNetworkError('reset'), new DownloadHttpError(503), SIGNED[0]);

    await t.service.run(t.process.id);

    expect(t.sleeps).toEqual([1000, 2000]);
    expect(await t.files.findOne(t.process.id, 'SIGNED_DOCUMENT', 1)).toMatchObject({ source: 'LINK', sha256: sha(SIGNED[0]) });
  });

  it('after the last attempt falls back to the API', async () => {
    const t = setup({ maxAttempts: 2 });
    t.conclusion.payload = t.linkPayload();
    t.answerAllLinks();
    t.downloader.answer(t.link('registro', 1), new DownloadNetworkError('reset'));
    t.arqsign.details = t.apiDetails();

    await t.service.run(t.process.id);

    expect(t.downloader.calls.filter((u) => u === t.link('registro', 1))).toHaveLength(2);
    expect(t.sleeps).toEqual([1000]);
    expect(await t.files.findOne(t.process.id, 'SIGNATURE_RECORD', 2)).toMatchObject({ source: 'API', sha256: sha(RECORDS[1]) });
  });

  it('refuses content that is not a PDF and leaves nothing of it in storage', async () => {
    const t = setup();
    t.conclusion.payload = t.linkPayload();
    t.answerAllLinks();
    t.downloader.answer(t.link('documento', 1), Buffer.from('<html>login</html>'));
    t.arqsign.details = t.apiDetails();

    await t.service.run(t.process.id);

    expect(await t.files.findOne(t.process.id, 'SIGNED_DOCUMENT', 2)).toMatchObject({ source: 'API' });
    expect(t.store.objects.size).toBe(4);
    for (const bytes of t.store.objects.values()) expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('does not retry a blocked host', async () => {
    const t = setup();
    t.conclusion.payload = t.linkPayload();
    t.answerAllLinks();
    t.downloader.answer(t.link('documento', 0), new DownloadBlockedError('10.0.0.1 is private'));
    t.arqsign.details = t.apiDetails();
    await t.service.run(t.process.id);
    expect(t.sleeps).toEqual([]);
    expect(t.downloader.calls.filter((u) => u === t.link('documento', 0))).toHaveLength(1);
  });

  it('ends FAILED naming each file and every source tried; a retry then stores only what is missing', async () => {
    const t = setup({ maxAttempts: 1 });
    t.conclusion.payload = t.linkPayload();
    t.answerAllLinks();
    t.downloader.answer(t.link('registro', 0), new DownloadHttpError(404));

    const failed = await t.service.run(t.process.id);

    expect(failed.outcome).toBe('failed');
    const archive = t.processes.process.snapshot().archive;
    expect(archive.status).toBe('FAILED');
    expect(archive.error).toMatch(/^signature record 1: link https:\/\/files\.arqsign\.com\/download\/registro\/[^?]+: The file server answered HTTP 404; API: /);
    expect(archive.error).not.toContain('token=');
    expect(t.processes.events.map((e) => e.name)).toEqual(['signing.files.store-failed']);
    expect(await t.files.listByProcess(t.process.id)).toHaveLength(3);

    // A FAILED archive is not run again by a stray job…
    expect((await t.service.run(t.process.id)).outcome).toBe('skipped');
    // …only after a retry was requested.
    t.processes.process.retryArchive(API, new Date());
    t.arqsign.details = t.apiDetails();
    t.downloader.calls.length = 0;
    const stored = await t.service.run(t.process.id);

    expect(stored.outcome).toBe('stored');
    expect(t.downloader.calls).toEqual([t.link('registro', 0)]); // the three stored files were not fetched again
    expect(await t.files.listByProcess(t.process.id)).toHaveLength(4);
    expect(t.processes.process.snapshot().archive).toEqual({ status: 'STORED', error: null });
  });

  it('stores each file exactly once when the job runs twice', async () => {
    const t = setup();
    t.conclusion.payload = t.linkPayload();
    t.answerAllLinks();
    await t.service.run(t.process.id);
    const again = await t.service.run(t.process.id);
    expect(again).toEqual({ outcome: 'skipped', reason: 'archive is STORED' });
    expect(t.store.objects.size).toBe(4);
    expect(t.downloader.calls).toHaveLength(4);
  });

  it('resumes after a crash: files already recorded are kept, the others fetched', async () => {
    const t = setup();
    t.conclusion.payload = t.linkPayload();
    t.answerAllLinks();
    await t.files.insertIfAbsent({
      id: '00000000-0000-4000-8000-000000000001',
      processId: t.process.id,
      kind: 'SIGNED_DOCUMENT',
      documentOrder: 1,
      arqsignDocumentId: t.docIds[0],
      fileName: 'contrato.pdf',
      storageKey: `processes/${t.process.id}/00000000-0000-4000-8000-000000000001.pdf`,
      size: SIGNED[0].length,
      sha256: sha(SIGNED[0]),
      source: 'LINK',
    });
    await t.service.run(t.process.id);
    expect(t.downloader.calls).not.toContain(t.link('documento', 0));
    expect(await t.files.listByProcess(t.process.id)).toHaveLength(4);
  });

  it('a run that loses the insert race keeps the winner and deletes its own copy', async () => {
    const t = setup();
    t.conclusion.payload = t.linkPayload();
    t.answerAllLinks();
    const winner = { id: '00000000-0000-4000-8000-0000000000aa', storageKey: 'processes/x/winner.pdf' };
    const original = t.files.insertIfAbsent.bind(t.files);
    let first = true;
    t.files.insertIfAbsent = async (file) => {
      if (first) {
        first = false;
        await original({ ...file, ...winner }); // another run got there between our check and insert
      }
      return original(file);
    };
    await t.service.run(t.process.id);
    const row = await t.files.findOne(t.process.id, 'SIGNED_DOCUMENT', 1);
    expect(row?.id).toBe(winner.id);
    expect([...t.store.objects.keys()].some((k) => k.startsWith(`processes/${t.process.id}/`) && k.includes(winner.id))).toBe(false);
    expect(t.store.objects.size).toBe(3); // our copy of the first file was deleted
  });

  it('skips a concurrent run of the same process', async () => {
    const t = setup();
    t.files.locked.add(t.process.id);
    expect(await t.service.run(t.process.id)).toEqual({ outcome: 'skipped', reason: 'another archive run holds this process' });
  });

  it('skips a process that is not COMPLETED or unknown', async () => {
    const t = setup();
    t.processes.find = async () => null as never;
    expect((await t.service.run(t.process.id)).outcome).toBe('skipped');
  });

  it('a store failure fails that file and removes nothing else', async () => {
    const t = setup();
    t.conclusion.payload = t.linkPayload();
    t.answerAllLinks();
    t.store.failNextPut = new Error('disk full');
    await t.service.run(t.process.id);
    // The first file failed on its link (store error, not retryable) and then came from… nowhere (API down).
    expect(t.processes.process.snapshot().archive.status).toBe('FAILED');
    expect(t.processes.process.snapshot().archive.error).toContain('disk full');
    expect(await t.files.listByProcess(t.process.id)).toHaveLength(3);
  });
});
