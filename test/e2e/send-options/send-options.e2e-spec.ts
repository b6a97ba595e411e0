import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { PDFDocument } from 'pdf-lib';
import type { App } from 'supertest/types';
import { eventually } from '../../support/eventually';
import { startTestService, TestService } from '../../support/test-service';
import { client, makePdf, simulatorControl } from '../signing-processes/support';

/** Every per-signer option of ArqSIGN's v2 send, end to end in sandbox mode (docs/send-options.md). */
describe('send options over REST (sandbox mode: real service, simulator over HTTP, PostgreSQL)', () => {
  let service: TestService;
  let http: App;
  let erp: ReturnType<typeof client>;
  let sim: ReturnType<typeof simulatorControl>;
  let twoPages: Buffer;
  let onePage: Buffer;

  const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const simRequest = async (id: string): Promise<any> => (await fetch(`${service.simulator!.url}/__sim/processes/${id}/send-request`)).json();

  beforeAll(async () => {
    service = await startTestService({ API_KEYS: 'erp:erp-key-0001', MAX_PROCESS_PDF_MB: '70' });
    http = service.app.getHttpServer();
    erp = client(http, 'erp-key-0001');
    sim = simulatorControl(service.simulator!.url);
    const pdf = await PDFDocument.create();
    pdf.addPage([595.28, 841.89]); // A4: 210 × 297 mm
    pdf.addPage([595.28, 841.89]);
    twoPages = Buffer.from(await pdf.save());
    onePage = await makePdf('Contrato');
  });
  afterAll(() => service?.close());

  const maria = {
    name: 'Maria Silva',
    email: 'maria@example.com',
    phone: '+55 11 98888-7777',
    accessCode: { code: '4821', channel: 'SMS', allowResend: true },
    message: { title: 'Maria, seu contrato', text: 'Por favor, anexe seu RG.' },
    attachments: [{ name: 'RG frente e verso', required: true, visibleToAll: false }],
    positions: [{ document: 1, person: { page: 2, x: 20, y: 240, width: 70, height: 25 } }],
    signerData: { person: { name: 'Maria da Silva', documentNumber: '12345678901', validate: true }, extra: [{ label: 'Matrícula', value: '4711' }] },
    typedData: { person: { name: true, document: 'CNH' } },
  };
  const body = (signer: Record<string, unknown>, documents = [{ fileName: 'contrato.pdf', contentBase64: twoPages.toString('base64') }]) => ({
    name: 'Contrato com opções',
    documents,
    signers: [signer],
  });

  it('sends access code (SMS), message, attachment, manual position on page 2, pre-fill and CNH exactly as ArqSIGN documents them', async () => {
    const created = await erp.post('/v1/processes', body(maria)).expect(201);
    expect(created.body.status).toBe('IN_PROGRESS');
    const account = service.simulator!.account;
    expect(await simRequest(created.body.arqsignProcessId)).toEqual({
      idResponsavel: account.responsibleId,
      nomeProcesso: 'Contrato com opções',
      idPasta: account.folderId,
      usarOrdemAssinatura: false,
      usarPosicaoAssinaturaAutomatica: false,
      destinatarios: [
        {
          idTipoAcao: 1,
          nome: 'Maria Silva',
          email: 'maria@example.com',
          assinarOnline: {
            assinarComo: 1,
            seguranca: { codigoSeguranca: '4821', idMeioEnvio: 1, codigoSegurancaTelefone: '5511988887777', reenviarCodigo: true },
            mensagemPersonalizada: { titulo: 'Maria, seu contrato', texto: 'Por favor, anexe seu RG.' },
            anexos: [{ anexoDocumentoNome: 'RG frente e verso', anexoObrigatorio: true, anexoExibirTodosDestinatarios: false }],
            definirPosicaoAssinaturaManual: [{ pessoaFisica: { pagina: 2, altura: 25, largura: 70, posicaoX: 20, posicaoY: 240 } }],
            idTipoAssinatura: 1,
            assinaturaEletronica: { obrigarSignatarioInformarNome: true, obrigarSignatarioInformarNumeroDocumento: true, tipoDocumentoAInformar: 2 },
            dadosAssinatura: {
              signatario: { nome: 'Maria da Silva', numeroDocumento: '12345678901', validarDocumento: true },
              dadosComplementares: [{ label: 'Matrícula', valor: '4711' }],
            },
          },
        },
      ],
      documentos: [{ ordemDocumento: 1, nomeComExtensao: 'contrato.pdf', arquivo: `sha256:${sha(twoPages)}` }],
    });
    // Echoed, with the access code masked.
    expect(created.body.signers[0]).toMatchObject({
      accessCode: { code: '****', channel: 'SMS', phone: '+55 11 98888-7777', allowResend: true },
      message: maria.message,
      attachments: maria.attachments,
      positions: maria.positions,
      signerData: maria.signerData,
      typedData: { person: { name: true, document: 'CNH' }, company: { name: true, document: 'CNPJ' } },
    });
    expect(JSON.stringify((await erp.get(`/v1/processes/${created.body.id}`).expect(200)).body)).not.toContain('4821');

    // Maria signs and uploads her ID as a PNG; the upload comes home with the signed document.
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('a tiny picture of an ID')]);
    await sim.act(created.body.arqsignProcessId, 'sign', { anexos: [{ nome: 'RG frente e verso', arquivoNome: 'rg.png', base64: png.toString('base64') }] });
    await eventually(async () => {
      const got = (await erp.get(`/v1/processes/${created.body.id}`)).body;
      return got.status === 'COMPLETED' && got.archive.status === 'STORED';
    }, 'the process completes and its files are archived');
    const files = (await erp.get(`/v1/processes/${created.body.id}/files`).expect(200)).body.items as { id: string; kind: string; fileName: string; sha256: string; size: number }[];
    expect(files.map((f) => f.kind).sort()).toEqual(['SIGNATURE_RECORD', 'SIGNED_DOCUMENT', 'SIGNER_ATTACHMENT']);
    const upload = files.find((f) => f.kind === 'SIGNER_ATTACHMENT')!;
    expect(upload).toMatchObject({ sha256: sha(png), size: png.length, fileName: expect.stringMatching(/\.png$/) });
    const downloaded = await erp.get(`/v1/processes/${created.body.id}/files/${upload.id}`).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(downloaded.headers['content-type']).toBe('image/png');
    expect(sha(downloaded.body as Buffer)).toBe(upload.sha256);

    // ArqSIGN's webhooks carry the code (signers' `seguranca`): the inbox stores it masked.
    const db = new Client({ connectionString: service.database.url });
    await db.connect();
    try {
      const { rows } = await db.query<{ body: Buffer }>('SELECT body FROM signing.webhook_delivery WHERE arqsign_process_id = $1', [created.body.arqsignProcessId]);
      expect(rows.length).toBeGreaterThan(0);
      const bodies = rows.map((r) => r.body.toString('utf8'));
      expect(bodies.some((b) => /"codigoSeguranca":\s*"\*\*\*\*"/i.test(b))).toBe(true);
      for (const b of bodies) expect(b).not.toContain('4821');
    } finally {
      await db.end();
    }
  });

  it('keeps name + CPF as the default of an electronic signer', async () => {
    const created = await erp.post('/v1/processes', body({ name: 'Ana', email: 'ana@example.com' }, [{ fileName: 'a.pdf', contentBase64: onePage.toString('base64') }])).expect(201);
    const sent = await simRequest(created.body.arqsignProcessId);
    expect(sent.usarPosicaoAssinaturaAutomatica).toBe(true);
    expect(sent.destinatarios[0].assinarOnline).toEqual({
      assinarComo: 1,
      idTipoAssinatura: 1,
      assinaturaEletronica: { obrigarSignatarioInformarNome: true, obrigarSignatarioInformarNumeroDocumento: true, tipoDocumentoAInformar: 1 },
    });
  });

  it('sends and completes a foreign signer who types no document number', async () => {
    const created = await erp
      .post('/v1/processes', body({ name: 'John Smith', email: 'john@example.com', typedData: { person: { document: 'NONE' } } }, [{ fileName: 'a.pdf', contentBase64: onePage.toString('base64') }]))
      .expect(201);
    expect(created.body.status).toBe('IN_PROGRESS');
    expect((await simRequest(created.body.arqsignProcessId)).destinatarios[0].assinarOnline.assinaturaEletronica).toEqual({
      obrigarSignatarioInformarNome: true,
      obrigarSignatarioInformarNumeroDocumento: false,
      tipoDocumentoAInformar: 1,
    });
    await sim.act(created.body.arqsignProcessId, 'sign', { pessoaFisica: { nome: 'John Smith' } });
    const done = await eventually(async () => {
      const got = (await erp.get(`/v1/processes/${created.body.id}`)).body;
      return got.status === 'COMPLETED' && got;
    }, 'the foreign signer’s process completes');
    expect(done.signers[0].status).toBe('SIGNED');
  });

  describe('rejected up front with the field named, and no ArqSIGN call', () => {
    const simCount = async () => (await sim.processes()).length;
    const rejects = async (payload: object, status: number, field: string, problem: RegExp) => {
      const before = await simCount();
      const response = await erp.post('/v1/processes', payload);
      if (response.status !== status) console.log(JSON.stringify(response.body), service.logLines.filter((l) => /error|Error/.test(l)).slice(-5).join('\n').slice(0, 3000));
      expect(response.status).toBe(status);
      expect(response.body.details).toEqual(expect.arrayContaining([{ field, problem: expect.stringMatching(problem) }]));
      expect(await simCount()).toBe(before);
    };

    it('a position on page 3 of a 2-page PDF', () =>
      rejects(body({ ...maria, positions: [{ document: 1, person: { page: 3, x: 20, y: 240, width: 70, height: 25 } }] }), 400, 'signers[0].positions[0].person.page', /page 3 does not exist.*2 pages/));

    it('a box that does not fit the page (mm)', () =>
      rejects(body({ ...maria, positions: [{ document: 1, person: { page: 2, x: 180, y: 240, width: 70, height: 25 } }] }), 400, 'signers[0].positions[0].person', /must fit the page \(210\.0 × 297\.0 mm\)/));

    it('a 3-digit access code', () => rejects(body({ ...maria, accessCode: { code: '482', channel: 'SMS' } }), 400, 'signers[0].accessCode.code', /4 digits/));

    it('an attachment without a name', () => rejects(body({ ...maria, attachments: [{ required: true }] }), 400, 'signers[0].attachments[0].name', /required/));

    it('a pre-filled number that is not a CNH', () =>
      rejects(body({ ...maria, signerData: { person: { documentNumber: '123' } } }), 400, 'signers[0].signerData.person.documentNumber', /CNH/));

    it('OTHER without its description', () => rejects(body({ ...maria, typedData: { person: { document: 'OTHER' } } }), 400, 'signers[0].typedData.person.otherDocument', /required/));

    it('75 MB of PDFs: 413 naming the 70 MB limit', async () => {
      const big = Buffer.concat([twoPages, Buffer.alloc(37_500_000 - twoPages.length, 0x20)]);
      const documents = ['a.pdf', 'b.pdf'].map((fileName) => ({ fileName, contentBase64: big.toString('base64') }));
      await rejects(body({ name: 'Ana', email: 'ana@example.com' }, documents), 413, 'documents', /75 MB in total.*at most 70 MB/);
    });
  });
});
