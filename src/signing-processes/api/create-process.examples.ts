import type { ExamplesObject } from '@nestjs/swagger';

/** A tiny valid PDF header in Base64 ("%PDF-1.4 … %%EOF"), enough for the examples. */
const PDF_BASE64 = 'JVBERi0xLjQKJSBleGFtcGxlCiUlRU9GCg==';

/** Swagger UI examples of `POST /v1/processes` as JSON (the multipart form is described on its schema). */
export const CREATE_JSON_EXAMPLES: ExamplesObject = {
  minimal: {
    summary: 'One PDF, one signer by e-mail',
    value: {
      name: 'Contrato 4711',
      documents: [{ fileName: 'contrato.pdf', contentBase64: PDF_BASE64 }],
      signers: [{ name: 'Maria Silva', email: 'maria@example.com' }],
    },
  },
  full: {
    summary: 'Signing order, WhatsApp delivery, a copy recipient, settings and metadata',
    value: {
      name: 'Contrato 4712',
      externalId: 'ERP-4712',
      documents: [
        { fileName: 'contrato.pdf', contentBase64: PDF_BASE64 },
        { fileName: 'anexo.pdf', contentBase64: PDF_BASE64 },
      ],
      signers: [
        { name: 'Maria Silva', email: 'maria@example.com', order: 1, signAs: 'PERSON', roles: { person: ['Contratante'] } },
        { name: 'João Souza', phone: '+5511999990000', delivery: 'WHATSAPP', order: 2 },
        { name: 'Jurídico', email: 'juridico@example.com', action: 'COPY' },
      ],
      settings: { useSigningOrder: true, expirationDays: 30, reminderFrequencyDays: 3, message: { title: 'Contrato 4712 para assinatura', text: 'Olá! Segue o contrato.' } },
      metadata: { erpOrder: 4712 },
    },
  },
  sendOptions: {
    summary: 'Access code by SMS, a message and a requested upload for one signer; a foreign signer who types no document number',
    value: {
      name: 'Contrato 4713',
      documents: [{ fileName: 'contrato.pdf', contentBase64: PDF_BASE64 }],
      signers: [
        {
          name: 'Maria Silva',
          email: 'maria@example.com',
          phone: '+5511988887777',
          accessCode: { code: '4821', channel: 'SMS', allowResend: true },
          message: { title: 'Maria, seu contrato', text: 'Por favor, anexe seu RG.' },
          attachments: [{ name: 'RG frente e verso', required: true, visibleToAll: false }],
          signerData: { person: { name: 'Maria da Silva', documentNumber: '12345678901', validate: true } },
          typedData: { person: { name: true, document: 'CNH' } },
        },
        { name: 'John Smith', email: 'john@example.com', typedData: { person: { document: 'NONE' } } },
      ],
    },
  },
};
