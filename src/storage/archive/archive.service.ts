import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ArqsignClient, ProcessDetails } from '../../arqsign-client';
import type { ArchivedFile, SigningProcessProps } from '../../signing-processes';
import { safeFileName } from '../api/content-disposition';
import { FileTransferError, redactUrl } from '../download/download.errors';
import type { SafeDownloader } from '../download/safe-downloader';
import type { SignedFileStore } from '../signed-file-store.port';
import { streamPdfToStore } from '../store-stream';
import { ContentCheck, PDF_ONLY, SIGNER_UPLOAD, uploadTypeOf } from '../file-inspector';
import { StoredFileKind } from '../stored-file.entity';
import type { StoredFile, StoredFileRepository, StoredFileSource } from '../stored-file.repository';
import { ConclusionDocument, ConclusionFile, decodeBase64, readConclusionDocuments } from './conclusion-documents';
import type { ConclusionPayload, ConclusionPayloadReader } from '../../webhooks';
import { decodeBase64Stream } from './base64-stream';

/** What the archive needs from the signing-processes module (ProcessArchiveService fits it). */
export interface ArchiveProcesses {
  find(processId: string): Promise<SigningProcessProps | null>;
  markStored(processId: string, files: ArchivedFile[]): Promise<unknown>;
  markFailed(processId: string, error: string): Promise<unknown>;
}

export interface ArchiveLogger {
  log(message: unknown, ...rest: unknown[]): void;
  warn(message: unknown, ...rest: unknown[]): void;
}

export interface ArchiveServiceOptions {
  /** ARCHIVE_MAX_ATTEMPTS: attempts per link before falling back to the API. */
  maxAttempts: number;
  /** First backoff delay; doubles each attempt. Default 1 s. */
  backoffMs?: number;
  /** Largest accepted file. */
  maxFileBytes: number;
  sleep?: (ms: number) => Promise<void>;
  logger?: ArchiveLogger;
}

export type ArchiveOutcome =
  | { outcome: 'stored'; files: StoredFile[] }
  | { outcome: 'failed'; error: string; files: StoredFile[] }
  | { outcome: 'skipped'; reason: string };

const KINDS = [StoredFileKind.SIGNED_DOCUMENT, StoredFileKind.SIGNATURE_RECORD] as const;
const silent: ArchiveLogger = { log: () => undefined, warn: () => undefined };

/** One document of our process, and what the conclusion says about it. */
interface DocumentPlan {
  order: number;
  fileName: string;
  arqsignDocumentId: string | null;
  conclusion: ConclusionDocument | undefined;
}

/**
 * Archives every signed document and signature record of a COMPLETED process (docs/behaviour.md#archive),
 * each exactly once (UNIQUE process/kind/order, checked before and enforced on insert), from the
 * best source available, in order:
 *
 * 1. the conclusion webhook's download link (allow-listed hosts only; ARCHIVE_MAX_ATTEMPTS with
 *    exponential backoff from 1 s on transient failures; an expired/missing link (403/404) or a
 *    refused host/content moves on at once);
 * 2. the conclusion webhook's Base64 (decoded once, then streamed like a download);
 * 3. the API: GET v2 (documents and records in Base64) and, for records, the signature-record
 *    endpoint.
 *
 * Every file is streamed through FileInspector (must start with `%PDF-`, size cap, SHA-256) into
 * the store, which makes it visible only once complete. Then the archive status becomes STORED,
 * or FAILED with `archive.error` naming each file that could not be stored.
 */
export class ArchiveService {
  private readonly backoffMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly logger: ArchiveLogger;

  constructor(
    private readonly processes: ArchiveProcesses,
    private readonly files: StoredFileRepository,
    private readonly store: SignedFileStore,
    private readonly downloader: SafeDownloader,
    private readonly arqsign: ArqsignClient,
    private readonly conclusions: ConclusionPayloadReader,
    private readonly options: ArchiveServiceOptions,
  ) {
    this.backoffMs = options.backoffMs ?? 1000;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.logger = options.logger ?? silent;
  }

  /** Marks the archive FAILED when the job itself gave up (an unexpected error, retries exhausted). */
  async fail(processId: string, error: string): Promise<void> {
    const process = await this.processes.find(processId);
    if (process?.status === 'COMPLETED' && process.archive.status === 'PENDING') await this.processes.markFailed(processId, error.slice(0, 2000));
  }

  /** One archive run. Idempotent; concurrent runs for one process are serialised (the later one skips). */
  async run(processId: string): Promise<ArchiveOutcome> {
    const locked = await this.files.withProcessLock(processId, () => this.runLocked(processId));
    return locked.locked ? locked.result : { outcome: 'skipped', reason: 'another archive run holds this process' };
  }

  private async runLocked(processId: string): Promise<ArchiveOutcome> {
    const process = await this.processes.find(processId);
    if (!process) return { outcome: 'skipped', reason: 'no such process' };
    if (process.status !== 'COMPLETED') return { outcome: 'skipped', reason: `process is ${process.status}` };
    if (process.archive.status !== 'PENDING') return { outcome: 'skipped', reason: `archive is ${process.archive.status}` };

    const payload = process.arqsignProcessId ? await this.conclusions.latest(process.arqsignProcessId) : null;
    const conclusion = payload ? readConclusionDocuments(payload.body) : [];
    const api = new ApiFiles(this.arqsign, process.arqsignProcessId);
    const plans = planDocuments(process, conclusion);

    const stored: StoredFile[] = [];
    const errors: string[] = [];
    for (const plan of plans) {
      for (const kind of KINDS) {
        const existing = await this.files.findOne(processId, kind, plan.order);
        if (existing) {
          stored.push(existing);
          continue;
        }
        try {
          stored.push(await this.archiveFile(process, plan, kind, api, payload));
        } catch (error) {
          errors.push(`${label(kind, plan.order)}: ${(error as Error).message}`);
        }
      }
    }
    api.release();
    if (process.signers.some((signer) => signer.options.attachments?.length)) {
      try {
        stored.push(...(await this.archiveAttachments(process)));
      } catch (error) {
        errors.push(`signer attachments: ${(error as Error).message}`);
      }
    }

    if (errors.length) {
      const error = errors.join(' | ');
      this.logger.warn({ processId, error }, 'Archive failed');
      await this.processes.markFailed(processId, error.length > 2000 ? `${error.slice(0, 1997)}...` : error);
      return { outcome: 'failed', error, files: stored };
    }
    await this.processes.markStored(
      processId,
      stored.map((file) => ({ fileId: file.id, kind: file.kind, documentOrder: file.documentOrder, sha256: file.sha256, size: file.size })),
    );
    this.logger.log({ processId, files: stored.length }, 'Archive stored');
    return { outcome: 'stored', files: stored };
  }

  /** Link → Base64 → API; the first that stores a valid PDF wins. Throws naming every source tried. */
  private async archiveFile(process: SigningProcessProps, plan: DocumentPlan, kind: StoredFileKind, api: ApiFiles, payload: ConclusionPayload | null): Promise<StoredFile> {
    const source: ConclusionFile | null = (kind === StoredFileKind.SIGNED_DOCUMENT ? plan.conclusion?.document : plan.conclusion?.record) ?? null;
    const fileName = this.fileNameOf(plan, kind, source?.name ?? null);
    const target = { processId: process.id, kind, plan, fileName };
    const tried: string[] = [];

    if (source?.link) {
      try {
        return await this.fromLink(target, source.link);
      } catch (error) {
        tried.push(`link ${redactUrl(source.link)}: ${(error as Error).message}`);
        this.logger.warn({ processId: process.id, file: label(kind, plan.order), err: describe(error) }, 'Download link failed; trying the next source');
      }
    }
    if (source?.base64) {
      try {
        // A large conclusion's document is streamed from the stored body, never held (docs/large-bodies.md).
        const streamed = payload?.open(source.base64);
        if (streamed) return await this.storeStream(target, decodeBase64Stream(streamed), 'BASE64');
        return await this.fromBase64(target, source.base64, 'BASE64');
      } catch (error) {
        tried.push(`Base64: ${(error as Error).message}`);
      }
    }
    try {
      const fromApi = await api.file(kind, plan);
      if (!fromApi) throw new Error('ArqSIGN returned no content');
      return await this.fromBase64({ ...target, fileName: kind === StoredFileKind.SIGNATURE_RECORD && !source?.name && fromApi.name ? this.fileNameOf(plan, kind, fromApi.name) : fileName }, fromApi.base64, 'API');
    } catch (error) {
      tried.push(`API: ${(error as Error).message}`);
    }
    throw new Error(tried.join('; '));
  }

  private async fromLink(target: FileTarget, url: string): Promise<StoredFile> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.downloader.download(url, (body) => this.storeStream(target, body, 'LINK'));
      } catch (error) {
        const retryable = error instanceof FileTransferError ? error.retryable : false;
        if (!retryable || attempt >= this.options.maxAttempts) throw error;
        const delay = this.backoffMs * 2 ** (attempt - 1);
        this.logger.warn({ processId: target.processId, file: label(target.kind, target.plan.order), attempt, delayMs: delay, err: describe(error) }, 'Download failed; retrying');
        await this.sleep(delay);
      }
    }
  }

  private async fromBase64(target: FileTarget, base64: string, source: StoredFileSource): Promise<StoredFile> {
    const bytes = decodeBase64(base64);
    if (!bytes) throw new Error('not valid Base64');
    return this.storeStream(target, Readable.from([bytes]), source);
  }

  /** Streams `body` through the inspector into the store, then records it (exactly once). */
  private async storeStream(target: FileTarget, body: Readable, source: StoredFileSource, check: ContentCheck = PDF_ONLY): Promise<StoredFile> {
    const id = randomUUID();
    const storageKey = `processes/${target.processId}/${id}${target.kind === StoredFileKind.SIGNER_ATTACHMENT ? '.upload' : '.pdf'}`;
    const { size, sha256 } = await streamPdfToStore(body, this.store, storageKey, this.options.maxFileBytes, check);
    const file: Omit<StoredFile, 'createdAt'> = {
      id,
      processId: target.processId,
      kind: target.kind,
      documentOrder: target.plan.order,
      arqsignDocumentId: target.plan.arqsignDocumentId,
      fileName: target.fileName,
      storageKey,
      size,
      sha256,
      source,
    };
    if (await this.files.insertIfAbsent(file)) return { ...file, createdAt: new Date() };
    // Another run stored this file first: keep its copy, drop ours.
    await this.store.delete(storageKey).catch(() => undefined);
    const winner = await this.files.findOne(target.processId, target.kind, target.plan.order);
    if (!winner) throw new Error('stored file vanished');
    return winner;
  }

  /**
   * What signers uploaded for the requested attachments (docs/send-options.md#requested-attachments),
   * from ArqSIGN's signer-attachments call in Base64: numbered 1…n by our signer order then name,
   * each checked (PDF, PNG or JPEG by its first bytes; size cap), hashed and stored exactly once.
   */
  private async archiveAttachments(process: SigningProcessProps): Promise<StoredFile[]> {
    if (!process.arqsignProcessId) throw new Error('the process has no ArqSIGN id');
    const bySigner = await this.arqsign.getSignerAttachments(process.arqsignProcessId, { arquivoTipo: 1 });
    const position = (id: string) => {
      const i = process.signers.findIndex((s) => s.arqsignSignerId?.toLowerCase() === id.toLowerCase());
      return i === -1 ? process.signers.length : i;
    };
    const uploads = [...bySigner]
      .sort((a, b) => position(a.signerId) - position(b.signerId))
      .flatMap((signer) => [...signer.attachments].sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '')));
    const stored: StoredFile[] = [];
    for (const [i, upload] of uploads.entries()) {
      const order = i + 1;
      const existing = await this.files.findOne(process.id, StoredFileKind.SIGNER_ATTACHMENT, order);
      if (existing) {
        stored.push(existing);
        continue;
      }
      const bytes = upload.content ? decodeBase64(upload.content) : null;
      if (!bytes) throw new Error(`upload ${order}: ArqSIGN returned no valid Base64`);
      const fileName = uploadFileName(upload.name, order, bytes);
      const plan: DocumentPlan = { order, fileName, arqsignDocumentId: upload.id.toLowerCase(), conclusion: undefined };
      stored.push(await this.storeStream({ processId: process.id, kind: StoredFileKind.SIGNER_ATTACHMENT, plan, fileName }, Readable.from([bytes]), 'API', SIGNER_UPLOAD));
    }
    return stored;
  }

  private fileNameOf(plan: DocumentPlan, kind: StoredFileKind, payloadName: string | null): string {
    if (kind === StoredFileKind.SIGNED_DOCUMENT) return safeFileName(plan.fileName, `document-${plan.order}.pdf`);
    const base = safeFileName(plan.fileName, `document-${plan.order}.pdf`).replace(/\.pdf$/i, '');
    return safeFileName(payloadName, `${base}_Registro de assinaturas.pdf`);
  }
}

interface FileTarget {
  processId: string;
  kind: StoredFileKind;
  plan: DocumentPlan;
  fileName: string;
}

/** Our documents in order, each matched to the conclusion's entry by ArqSIGN id, else by order. */
function planDocuments(process: SigningProcessProps, conclusion: ConclusionDocument[]): DocumentPlan[] {
  return [...process.documents]
    .sort((a, b) => a.order - b.order)
    .map((document) => {
      const arqsignId = document.arqsignDocumentId?.toLowerCase() ?? null;
      const match = (arqsignId ? conclusion.find((c) => c.arqsignDocumentId === arqsignId) : undefined) ?? conclusion.find((c) => c.order === document.order && (!arqsignId || !c.arqsignDocumentId));
      return { order: document.order, fileName: document.fileName, arqsignDocumentId: arqsignId ?? match?.arqsignDocumentId ?? null, conclusion: match };
    });
}

/**
 * The API fallback: GET v2 once per run (it carries every document and record in Base64), and
 * the signature-record endpoint for a record GET v2 lacks. Dropped at the end of the run.
 */
class ApiFiles {
  private details?: Promise<ProcessDetails>;

  constructor(
    private readonly arqsign: ArqsignClient,
    private readonly arqsignProcessId: string | null,
  ) {}

  async file(kind: StoredFileKind, plan: DocumentPlan): Promise<{ base64: string; name: string | null } | null> {
    if (!this.arqsignProcessId) throw new Error('the process has no ArqSIGN id');
    if (kind === StoredFileKind.SIGNATURE_RECORD && plan.arqsignDocumentId) {
      const record = await this.arqsign.getSignatureRecord(plan.arqsignDocumentId).catch(() => null);
      if (record?.contentBase64) return { base64: record.contentBase64, name: record.name };
    }
    const details = await (this.details ??= this.arqsign.getProcess(this.arqsignProcessId));
    const document = (plan.arqsignDocumentId ? details.documents.find((d) => d.id.toLowerCase() === plan.arqsignDocumentId) : undefined) ?? details.documents.find((d) => d.order === plan.order);
    if (!document) return null;
    if (kind === StoredFileKind.SIGNED_DOCUMENT) return document.contentBase64 ? { base64: document.contentBase64, name: document.name } : null;
    return document.signatureRecord?.contentBase64 ? { base64: document.signatureRecord.contentBase64, name: document.signatureRecord.name } : null;
  }

  release(): void {
    this.details = undefined;
  }
}

const UPLOAD_EXTENSIONS: Record<string, string> = { 'application/pdf': '.pdf', 'image/png': '.png', 'image/jpeg': '.jpg' };

/** A safe name for an upload, its extension from what the bytes are (the inspector rejects anything else). */
function uploadFileName(name: string | null, order: number, bytes: Buffer): string {
  const extension = UPLOAD_EXTENSIONS[uploadTypeOf(bytes.subarray(0, 8)) ?? 'application/pdf'];
  const base = safeFileName((name ?? '').replace(/\.(pdf|png|jpe?g)$/i, ''), `attachment-${order}.pdf`).replace(/\.pdf$/, '');
  return `${base}${extension}`;
}

function label(kind: StoredFileKind, order: number): string {
  return `${kind === StoredFileKind.SIGNED_DOCUMENT ? 'signed document' : 'signature record'} ${order}`;
}

function describe(error: unknown): Record<string, unknown> {
  return { name: (error as Error)?.name, code: (error as { code?: string })?.code, message: (error as Error)?.message };
}
