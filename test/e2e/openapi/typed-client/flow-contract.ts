// What the typed-client flow needs and reports. Kept apart from flow.ts, which imports generated
// types that exist only once its test has generated them.

export interface FlowInput {
  baseUrl: string;
  apiKey: string;
  /** The same small PDF, as Base64 (JSON create) and as a Blob (multipart create). */
  pdfBase64: string;
  pdf: Blob;
  /** A unique externalId for this run, so list filters see only this flow's processes. */
  externalId: string;
  /** Signs a process in the simulator as the signer with this e-mail. */
  sign(arqsignProcessId: string, email: string): Promise<void>;
  /** Polls `probe` until it returns a value. */
  eventually<T>(probe: () => Promise<T | undefined>, what: string): Promise<T>;
}

export interface ErrorSeen {
  status: number;
  code: string;
  correlationId: string;
  /** The fields named by a validation error's details, else an empty list. */
  fields: string[];
}

export interface FlowReport {
  createdJson: { status: number; processStatus: string; email: string | null; phone: string | null; order: number | null };
  createdMultipart: { status: number; processStatus: string; documents: string[] };
  listed: { firstPage: string[]; secondPage: string[]; firstCursor: string | null; lastCursor: string | null; byStatus: string[] };
  fetched: { id: string; signers: number };
  history: string[];
  cancelled: string;
  restarted: { status: number; processStatus: string; restartedFrom: string | null };
  resent: string;
  synced: string;
  files: { archive: string; kinds: string[]; downloadedBytes: number; pdfHeader: string; contentType: string | null };
  errors: Record<'unauthorized' | 'notFound' | 'conflict' | 'idempotencyReused' | 'tooLarge' | 'invalid', ErrorSeen>;
}
