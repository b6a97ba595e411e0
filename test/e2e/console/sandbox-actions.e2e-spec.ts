import { startTestService, type TestService } from '../../support/test-service';
import { makePdf } from '../signing-processes/support';
import { eventually } from '../../support/eventually';

/** `POST /v1/sandbox/processes/{id}/actions`: the console's "act as a signer" route (sandbox mode). */
describe('Sandbox actions route', () => {
  let service: TestService;
  const call = async (key: string, method: string, path: string, body?: unknown) => {
    const response = await fetch(`http://127.0.0.1:${service.config.port}${path}`, {
      method,
      headers: { 'X-Api-Key': key, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as any };
  };

  beforeAll(async () => {
    service = await startTestService({ API_KEYS: 'erp:erp-key-0001,other:other-key-0001' });
  });
  afterAll(async () => service?.close());

  it('acts for the owner only, maps our signer ids, and turns the simulator refusals into 4xx', async () => {
    const pdf = await makePdf('Contrato');
    const created = await call('erp-key-0001', 'POST', '/v1/processes', {
      name: 'Contrato sandbox',
      documents: [{ fileName: 'contrato.pdf', contentBase64: pdf.toString('base64') }],
      signers: [{ name: 'Maria Silva', email: 'maria@example.com', order: 1 }],
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const maria = created.body.signers[0].id;

    expect((await call('other-key-0001', 'POST', `/v1/sandbox/processes/${id}/actions`, { action: 'sign' })).status).toBe(404);
    expect((await call('nope', 'POST', `/v1/sandbox/processes/${id}/actions`, { action: 'sign' })).status).toBe(401);
    const badAction = await call('erp-key-0001', 'POST', `/v1/sandbox/processes/${id}/actions`, { action: 'explode' });
    expect(badAction).toMatchObject({ status: 400, body: { code: 'REQUEST.VALIDATION_FAILED' } });
    const strangerSigner = await call('erp-key-0001', 'POST', `/v1/sandbox/processes/${id}/actions`, { action: 'sign', signerId: '6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f' });
    expect(strangerSigner).toMatchObject({ status: 404, body: { code: 'SANDBOX.PROCESS_UNKNOWN' } });

    const signed = await call('erp-key-0001', 'POST', `/v1/sandbox/processes/${id}/actions`, { action: 'sign', signerId: maria });
    expect(signed.status).toBe(200);
    await eventually(async () => (await call('erp-key-0001', 'GET', `/v1/processes/${id}`)).body.status === 'COMPLETED', 'COMPLETED through the webhooks');
    const again = await call('erp-key-0001', 'POST', `/v1/sandbox/processes/${id}/actions`, { action: 'sign', signerId: maria });
    expect(again).toMatchObject({ status: 409, body: { code: 'SANDBOX.ACTION_REFUSED' } });
  });

  it('plays a delivery failure and a refusal through the simulator; the webhooks change the process', async () => {
    const pdf = await makePdf('Contrato');
    const created = await call('erp-key-0001', 'POST', '/v1/processes', {
      name: 'Contrato recusado',
      documents: [{ fileName: 'contrato.pdf', contentBase64: pdf.toString('base64') }],
      signers: [{ name: 'Maria Silva', email: 'maria@example.com', order: 1 }],
    });
    const id = created.body.id;
    const maria = created.body.signers[0].id;
    expect((await call('erp-key-0001', 'POST', `/v1/sandbox/processes/${id}/actions`, { action: 'fail-delivery', signerId: maria })).status).toBe(200);
    await eventually(async () => (await call('erp-key-0001', 'GET', `/v1/processes/${id}/history`)).body.items.some((e: any) => e.type === 'signer.delivery-failed'), 'signer.delivery-failed in the history');
    expect((await call('erp-key-0001', 'POST', `/v1/sandbox/processes/${id}/actions`, { action: 'refuse', signerId: maria, reason: 'Valor divergente' })).status).toBe(200);
    const refused = await eventually(async () => {
      const process = (await call('erp-key-0001', 'GET', `/v1/processes/${id}`)).body;
      return process.status === 'REFUSED' && process;
    }, 'REFUSED through the webhook');
    expect(refused.refusal.reason).toBe('Valor divergente');
  });

  it('keeps the console and its sandbox route out of the OpenAPI document', async () => {
    const document = (await (await fetch(`http://127.0.0.1:${service.config.port}/docs-json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths).filter((path) => path.startsWith('/console') || path.startsWith('/v1/sandbox'))).toEqual([]);
    expect(Object.keys(document.paths)).toContain('/v1/admin/webhook-deliveries/{id}/body');
  });
});
