import { createHmac, randomUUID } from 'node:crypto';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { LoadRequest } from './load';

/** Base64 HMAC-SHA256 of the raw body: ArqSIGN's `HMAC` header (API.md §4.6). */
export function hmacHeader(body: Buffer, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

export function signedRequest(payload: unknown, secret: string): LoadRequest {
  const body = Buffer.from(JSON.stringify(payload), 'utf8');
  return { body, headers: { 'content-type': 'application/json; charset=utf-8', hmac: hmacHeader(body, secret) } };
}

function dateTimeBr(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${pad(date.getUTCMonth() + 1)}/${date.getUTCFullYear()} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
}

function isoNoZone(date: Date): string {
  return date.toISOString().slice(0, 19);
}

export interface TrackingContext {
  accountId: string;
  webhookId: string;
}

/**
 * A realistic tracking delivery (trigger 3, "signed by one signer"; process + signers sections,
 * PascalCase, ~2 KB) for a process the service does not know. Every call gives a genuinely new
 * event (new process, signer and signature time), so none is a duplicate.
 */
export function trackingDelivery(context: TrackingContext, sequence: number): Record<string, unknown> {
  const now = new Date();
  const sent = new Date(now.getTime() - 3_600_000);
  return {
    Evento: 'ProcessoAssinado',
    IdEvento: 3,
    IdProcesso: randomUUID(),
    IdConta: context.accountId,
    IdWebhook: context.webhookId,
    DataHoraAtual: dateTimeBr(now),
    NomeProcesso: `Contrato de Prestacao de Servicos - Pedido ${sequence}`,
    IdPasta: '0a1b2c3d-0000-4000-8000-0000000000f1',
    CaminhoDaPasta: 'Empresa Exemplo \\ Comercial \\ Contratos',
    IdResponsavel: '0a1b2c3d-0000-4000-8000-0000000000a1',
    NomeResponsavel: 'Ana Remetente',
    StatusProcesso: 'Em processo',
    IdStatusProcesso: 3,
    DataCadastro: isoNoZone(sent),
    DataEnvio: isoNoZone(sent),
    DataConclusao: null,
    DataRenovacao: null,
    DataCancelamento: null,
    UsuarioCancelamento: null,
    DataReenvio: null,
    DataExpiracao: isoNoZone(new Date(sent.getTime() + 30 * 86_400_000)),
    ExpiracaoDias: 30,
    AvisoExpiracaoDias: 5,
    Lembrete: true,
    FrequenciaLembrete: 3,
    Signatarios: [
      {
        OrdemAssinatura: 1,
        Id: randomUUID(),
        Nome: 'Maria Exemplo da Silva',
        Email: `maria.${sequence}@example.com`,
        Telefone: null,
        AguardandoEnvio: 'false',
        FalhaEnvio: 'false',
        TipoAcao: 'Assinar Online',
        PapelSignatario: { PessoaFisica: ['Contratante'], PessoaJuridica: null },
        CopiaEnviada: 'false',
        Remetente: 'false',
        AssinaturaRecusada: 'false',
        MotivoRecusa: null,
        Seguranca: { CodigoSeguranca: '4821', CodigoSegurancaEmail: `maria.${sequence}@example.com`, CodigoSegurancaTelefone: null },
        DadosAssinatura: {
          TipoAssinatura: 'Assinatura Eletrônica',
          DataAssinatura: isoNoZone(now),
          Ip: '203.0.113.10',
          GeoLocalizacao: '-23.5505,-46.6333',
          DadosCertificado: { Nome: null, Emissor: null, ValidadeInicio: null, ValidadeFim: null },
          DadosPessoaFisica: { NomePessoaFisica: 'Maria Exemplo da Silva', TipoDocumentoPessoaFisica: 'CPF', NumeroDocumentoPessoaFisica: '12345678909' },
          DadosPessoaJuridica: null,
          Anexos: null,
        },
      },
    ],
  };
}

/**
 * A valid PDF of about `bytes` bytes: one text page plus an embedded (attached) file of
 * incompressible bytes, so pdf-lib (the simulator's signer) parses it and the signed copy keeps
 * its size.
 */
export async function bigPdf(bytes: number, title: string): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([595, 842]);
  page.drawText(title, { x: 50, y: 780, size: 14, font: await pdf.embedFont(StandardFonts.Helvetica) });
  const filler = Buffer.alloc(bytes);
  // Cheap pseudo-random filler (xorshift), incompressible enough that Flate keeps the size.
  let x = 0x9e3779b9 ^ bytes;
  for (let i = 0; i + 4 <= filler.length; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    filler.writeInt32LE(x | 0, i);
  }
  await pdf.attach(filler, 'annex.bin', { mimeType: 'application/octet-stream', description: 'benchmark filler' });
  return Buffer.from(await pdf.save({ useObjectStreams: false }));
}
