import { SEND } from '../messages';
import type { PrefillData, SimProcess, SimRecipient } from '../state/process-model';
import { isPendingSigner } from '../state/process-model';
import { isPlainObject, type Json } from './canonical-keys';
import { isBrazilianPhone, isEmail, isValidDocumentNumber, normalizePhone } from './field-rules';
import { Problems, Reader } from './problems';

export interface PrefillEdit {
  nome?: string | null;
  numeroDocumento?: string | null;
  validar?: boolean;
  descartar: boolean;
}

export interface ResendEdit {
  recipientId: string;
  nome?: string;
  email?: string;
  telefone?: string;
  security?: { idMeioEnvio: number; email: string | null; telefone: string | null };
  permitirReenviarCodigo?: boolean;
  signatario?: PrefillEdit;
  empresa?: PrefillEdit;
}

export type ResendValidation = { ok: true; edits: ResendEdit[] } | { ok: false; message: string };

/** Validates the resend body (3.3): a JSON array, `[]` = plain resend to every pending signer. */
export function validateResend(body: unknown, process: SimProcess): ResendValidation {
  const problems = new Problems();
  const r = new Reader(problems);
  if (body === undefined || body === null) return { ok: true, edits: [] };
  if (!Array.isArray(body)) {
    problems.format('body');
    return { ok: false, message: problems.toMessage() };
  }
  const edits: ResendEdit[] = [];
  for (const [i, item] of body.entries()) {
    const path = `[${i}]`;
    if (!isPlainObject(item)) {
      problems.format(path);
      continue;
    }
    const edit = readEdit(r, item, path, process);
    if (edit) edits.push(edit);
  }
  return problems.any ? { ok: false, message: problems.toMessage() } : { ok: true, edits };
}

const present = (v: unknown) => v !== undefined && v !== null && v !== '';

function readEdit(r: Reader, item: Json, path: string, process: SimProcess): ResendEdit | undefined {
  const p = r.problems;
  const hasEdits = Object.entries(item).some(([k, v]) => k !== 'idProcessoDestinatario' && present(v));
  if (!present(item.idProcessoDestinatario)) {
    if (hasEdits) p.required(`${path}.idProcessoDestinatario`);
    return undefined;
  }
  const id = r.guid(item, 'idProcessoDestinatario', path, { required: true });
  if (!id) return undefined;
  const recipient = process.recipients.find((x) => x.id === id);
  if (!recipient || !isPendingSigner(recipient)) {
    p.unknownId(id);
    return undefined;
  }
  const edit: ResendEdit = { recipientId: id };

  const nome = r.str(item, 'nome', path, { max: 150 });
  if (nome !== undefined && nome.trim()) edit.nome = nome;

  let forma = r.int(item, 'idFormaEnvioProcesso', path);
  if (forma !== undefined && forma !== 1 && forma !== 2) {
    p.format(`${path}.idFormaEnvioProcesso`);
    forma = undefined;
  }
  if (forma === undefined && present(item.email)) forma = 1;
  if (forma === undefined && present(item.telefone)) forma = 2;
  if (forma === 1) {
    const email = r.str(item, 'email', path, { required: true });
    if (email !== undefined) {
      if (isEmail(email)) edit.email = email.trim();
      else p.message(SEND.badEmail);
    }
  } else if (forma === 2) {
    const telefone = r.str(item, 'telefone', path, { required: true });
    if (telefone !== undefined) {
      if (telefone.length > 20 || !normalizePhone(telefone)) p.message(SEND.badPhone);
      else if (recipient.idTipoAssinatura !== 1) p.message(SEND.whatsappOnlyElectronic);
      else edit.telefone = telefone.trim();
    }
  }

  readSecurityEdit(r, item, path, recipient, edit);
  readPrefillEdits(r, item, path, recipient, edit);
  return edit;
}

/** Only for signers that already have a security code; a code cannot be added on resend (ignored then). */
function readSecurityEdit(r: Reader, item: Json, path: string, recipient: SimRecipient, edit: ResendEdit): void {
  const p = r.problems;
  const permitir = r.bit(item, 'permitirReenviarCodigo', path);
  if (!present(item.idMeioEnvioCodigoSeguranca) || !recipient.seguranca) {
    if (permitir !== undefined && recipient.seguranca) edit.permitirReenviarCodigo = permitir;
    return;
  }
  const meio = r.int(item, 'idMeioEnvioCodigoSeguranca', path);
  if (meio === undefined) return;
  if (![1, 2, 3, 4].includes(meio)) {
    p.message(SEND.badCodeChannel);
    return;
  }
  const security: NonNullable<ResendEdit['security']> = { idMeioEnvio: meio, email: null, telefone: null };
  if (meio === 3) {
    const email = r.str(item, 'emailSeguranca', path, { required: true });
    if (email !== undefined) {
      if (isEmail(email)) security.email = email.trim();
      else p.message(SEND.badEmail);
    }
  }
  if (meio === 1 || meio === 2) {
    const phone = r.str(item, 'telefoneSeguranca', path, { required: true });
    if (phone !== undefined) {
      if (!normalizePhone(phone) || (meio === 1 && !isBrazilianPhone(phone))) p.message(SEND.badPhone);
      else security.telefone = phone.trim();
    }
  }
  edit.security = security;
  if (permitir !== undefined) edit.permitirReenviarCodigo = permitir;
}

/** Edits of pre-fill data apply only to electronic signers created with such data. */
function readPrefillEdits(r: Reader, item: Json, path: string, recipient: SimRecipient, edit: ResendEdit): void {
  const dados = r.obj(item, 'dadosAssinatura', path);
  if (!dados || recipient.idTipoAssinatura !== 1) return;
  const dp = `${path}.dadosAssinatura`;
  const pf = readPrefillEdit(r, dados, 'signatario', dp, recipient.prefillSignatario, {
    type: recipient.tipoDocumentoAInformar,
    custom: recipient.configuracaoDocumentoOutro,
    badNumber: SEND.badPfNumber,
  });
  if (pf) edit.signatario = pf;
  if (recipient.assinarComo === 2 || recipient.assinarComo === 3) {
    const pj = readPrefillEdit(r, dados, 'empresa', dp, recipient.prefillEmpresa, {
      type: recipient.tipoDocumentoEmpresaAInformar,
      custom: recipient.configuracaoDocumentoEmpresaOutro,
      badNumber: SEND.badPjNumber,
    });
    if (pj) edit.empresa = pj;
  }
}

function readPrefillEdit(
  r: Reader,
  dados: Json,
  key: string,
  path: string,
  existing: PrefillData | null,
  rule: { type: number | null; custom: SimRecipient['configuracaoDocumentoOutro']; badNumber: string },
): PrefillEdit | undefined {
  const block = r.obj(dados, key, path);
  if (!block || !existing) return undefined;
  const bp = `${path}.${key}`;
  const edit: PrefillEdit = { descartar: r.bit(block, 'DescartarDadosAnteriores', bp) ?? false };
  if (present(block.nome)) {
    if (typeof block.nome !== 'string') r.problems.format(`${bp}.nome`);
    else if (block.nome.length > 250) r.problems.message(SEND.prefillNameTooLong);
    else edit.nome = block.nome;
  }
  if (present(block.numeroDocumento)) {
    const text = String(block.numeroDocumento);
    if (rule.type !== null && !isValidDocumentNumber(rule.type, text, rule.custom)) r.problems.message(rule.badNumber);
    else edit.numeroDocumento = text;
  }
  const validar = r.bit(block, 'validar', bp);
  if (validar !== undefined) edit.validar = validar;
  return edit;
}
