// A client written the way an API consumer would: types generated from our OpenAPI document by
// openapi-typescript (into ./generated, at test time) and calls through openapi-fetch. Compiled by the
// test with `tsc --strict` on its own; the test also refuses type assertions and the `any` type here.
// If the document stops matching the wire, this file stops compiling or the test's checks fail.
import createClient from 'openapi-fetch';
import type { components, paths } from './generated/api';
import type { ErrorSeen, FlowInput, FlowReport } from './flow-contract';

type ApiError = components['schemas']['ApiErrorBody'];
type Process = components['schemas']['ProcessResponse'];
type ProcessPart = Omit<components['schemas']['CreateProcessDto'], 'documents'>;

function seen(status: number, error: ApiError): ErrorSeen {
  const fields = Array.isArray(error.details) ? error.details.map((d) => d.field) : [];
  return { status, code: error.code, correlationId: error.correlationId, fields };
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`no ${what} in the response`);
  return value;
}

export async function runFlow(input: FlowInput): Promise<FlowReport> {
  const client = createClient<paths>({ baseUrl: input.baseUrl, headers: { 'X-Api-Key': input.apiKey } });
  const anonymous = createClient<paths>({ baseUrl: input.baseUrl });

  // Create as JSON, with explicit nulls where the API allows them.
  const json = await client.POST('/v1/processes', {
    body: {
      name: 'Contrato tipado',
      externalId: input.externalId,
      documents: [{ fileName: 'contrato.pdf', contentBase64: input.pdfBase64 }],
      signers: [{ name: 'Ana Lima', email: 'ana@example.com', phone: null, order: null }],
      metadata: null,
    },
  });
  const first: Process = required(json.data, 'JSON create');
  const signer = first.signers[0];

  // Create as multipart: a `process` JSON part and one `files` part per PDF.
  const part: ProcessPart = { name: 'Contrato multipart', externalId: input.externalId, signers: [{ name: 'Bruno Reis', email: 'bruno@example.com' }] };
  const form = new FormData();
  form.append('process', JSON.stringify(part));
  form.append('files', input.pdf, 'multipart.pdf');
  const multipart = await client.POST('/v1/processes', { body: { process: JSON.stringify(part), files: ['multipart.pdf'] }, bodySerializer: () => form });
  const second: Process = required(multipart.data, 'multipart create');

  // List with filters and follow the cursor.
  const page1 = await client.GET('/v1/processes', { params: { query: { externalId: input.externalId, limit: 1 } } });
  const firstPage = required(page1.data, 'first page');
  const page2 = await client.GET('/v1/processes', { params: { query: { externalId: input.externalId, limit: 1, cursor: firstPage.nextCursor ?? undefined } } });
  const secondPage = required(page2.data, 'second page');
  const byStatus = await client.GET('/v1/processes', { params: { query: { externalId: input.externalId, status: ['IN_PROGRESS'] } } });

  const fetched = required((await client.GET('/v1/processes/{id}', { params: { path: { id: first.id } } })).data, 'process');
  const history = required((await client.GET('/v1/processes/{id}/history', { params: { path: { id: first.id } } })).data, 'history');

  // Cancel, restart the cancelled process, then resend and sync the new one.
  const cancelled = required((await client.POST('/v1/processes/{id}/cancel', { params: { path: { id: first.id } }, body: { reason: 'Typed client test' } })).data, 'cancel');
  const restart = await client.POST('/v1/processes/{id}/restart', { params: { path: { id: first.id } }, body: { name: 'Contrato tipado (v2)' } });
  const restarted = required(restart.data, 'restart');
  const newSigner = restarted.signers[0];
  const resent = required(
    (await client.POST('/v1/processes/{id}/resend', { params: { path: { id: restarted.id } }, body: { signers: [{ signerId: newSigner.id, email: 'ana.nova@example.com' }] } })).data,
    'resend',
  );
  const synced = required((await client.POST('/v1/processes/{id}/sync', { params: { path: { id: restarted.id } }, body: {} })).data, 'sync');

  // Sign the multipart process in the simulator, wait for its archive, list and download its files.
  await input.sign(required(second.arqsignProcessId ?? undefined, 'arqsignProcessId'), 'bruno@example.com');
  const stored = await input.eventually(async () => {
    const { data } = await client.GET('/v1/processes/{id}/files', { params: { path: { id: second.id } } });
    return data && data.archive.status === 'STORED' ? data : undefined;
  }, 'the archive to be STORED');
  const download = await client.GET('/v1/processes/{id}/files/{fileId}', { params: { path: { id: second.id, fileId: stored.items[0].id } }, parseAs: 'arrayBuffer' });
  const bytes = new Uint8Array(required(download.data, 'file'));

  // Errors, read through the one typed error body.
  const unauthorized = await anonymous.GET('/v1/processes/{id}', { params: { path: { id: first.id } } });
  const notFound = await client.GET('/v1/processes/{id}', { params: { path: { id: '00000000-0000-4000-8000-000000000000' } } });
  const conflict = await client.POST('/v1/processes/{id}/cancel', { params: { path: { id: first.id } }, body: {} });
  const key = `typed-${input.externalId}`;
  const body = { name: 'Idempotente', documents: [{ fileName: 'a.pdf', contentBase64: input.pdfBase64 }], signers: [{ name: 'Caio', email: 'caio@example.com' }] };
  await client.POST('/v1/processes', { params: { header: { 'Idempotency-Key': key } }, body });
  const reused = await client.POST('/v1/processes', { params: { header: { 'Idempotency-Key': key } }, body: { ...body, name: 'Outro corpo' } });
  const tooLarge = await anonymous.POST('/webhooks/arqsign', { params: { header: { HMAC: 'not-checked-before-the-size' } }, body: { padding: 'x'.repeat(2 * 1024 * 1024) } });
  const invalid = await client.POST('/v1/processes', { body: { ...body, signers: [{ name: 'Caio', email: 'caio@example.com' }, { name: 'Dora', email: 'dora@' }] } });

  return {
    createdJson: { status: json.response.status, processStatus: first.status, email: signer.email, phone: signer.phone, order: signer.order },
    createdMultipart: { status: multipart.response.status, processStatus: second.status, documents: second.documents.map((d) => d.fileName) },
    listed: {
      firstPage: firstPage.items.map((p) => p.id),
      secondPage: secondPage.items.map((p) => p.id),
      firstCursor: firstPage.nextCursor,
      lastCursor: secondPage.nextCursor,
      byStatus: required(byStatus.data, 'status filter').items.map((p) => p.id),
    },
    fetched: { id: fetched.id, signers: fetched.signers.length },
    history: history.items.map((entry) => entry.type),
    cancelled: cancelled.status,
    restarted: { status: restart.response.status, processStatus: restarted.status, restartedFrom: restarted.restartedFrom },
    resent: resent.signers[0].email ?? 'none',
    synced: synced.status,
    files: {
      archive: stored.archive.status,
      kinds: stored.items.map((f) => f.kind),
      downloadedBytes: bytes.length,
      pdfHeader: new TextDecoder().decode(bytes.subarray(0, 5)),
      contentType: download.response.headers.get('content-type'),
    },
    errors: {
      unauthorized: seen(unauthorized.response.status, required(unauthorized.error, '401 body')),
      notFound: seen(notFound.response.status, required(notFound.error, '404 body')),
      conflict: seen(conflict.response.status, required(conflict.error, '409 body')),
      idempotencyReused: seen(reused.response.status, required(reused.error, '422 body')),
      tooLarge: seen(tooLarge.response.status, required(tooLarge.error, '413 body')),
      invalid: seen(invalid.response.status, required(invalid.error, '400 body')),
    },
  };
}
