import { hasPdfHeader, inspectPdfPages, type PageSize } from '../files/pdf-inspect';
import { SEND } from '../messages';
import type { AccountStore, ItemId } from '../state/account-store';
import type { CustomDocConfig, PrefillData, SecurityCode, SimRecipient } from '../state/process-model';
import { isPlainObject, type Json } from './canonical-keys';
import { isBrazilianPhone, isEmail, isValidDocumentNumber, normalizePhone } from './field-rules';
import { Problems, Reader } from './problems';

/** Account defaults used when `configuracoesAvancadas` leaves a value out (3.1.1). */
export const ACCOUNT_DEFAULTS = {
  expiracaoDias: 30,
  avisoExpiracaoDias: 5,
  frequenciaLembrete: 3,
  gerarQrCode: true,
  obrigarLeitura: false,
};

const MAX_FILES = 25;

export type RecipientDraft = Omit<
  SimRecipient,
  'id' | 'signature' | 'uploads' | 'refused' | 'motivoRecusa' | 'falhaEnvio' | 'copiaEnviada' | 'remetente' | 'anexos'
> & { anexos: { nome: string; obrigatorio: boolean; exibirTodos: boolean }[] };

export interface DocumentDraft {
  ordem: number;
  nome: string;
  original: Buffer;
  pages: PageSize[];
}

export interface SendDraft {
  idResponsavel: string;
  nomeProcesso: string;
  idPasta: string;
  expiracaoDias: number;
  avisoExpiracaoDias: number;
  frequenciaLembrete: number;
  gerarQrCode: boolean;
  obrigarLeitura: boolean;
  renovacaoMeses: number | null;
  mensagemPadrao: { titulo: string; texto: string };
  usarOrdemAssinatura: boolean;
  usarPosicaoAssinaturaAutomatica: boolean;
  recipients: RecipientDraft[];
  documents: DocumentDraft[];
  /** Messages this send consumes: 1 Envio, WhatsApp deliveries/codes, SMS codes ([ASSUMED] docs/arqsign-gaps.md#gap-27). */
  usage: Record<ItemId, number>;
}

export type SendValidation = { ok: true; draft: SendDraft } | { ok: false; message: string };

/** Validates a canonicalized send body (3.1.1–3.1.4), collecting every failure. */
export async function validateSendProcess(body: unknown, account: AccountStore, maxTotalBytes: number): Promise<SendValidation> {
  const problems = new Problems();
  const r = new Reader(problems);
  const root: Json = isPlainObject(body) ? body : {};
  if (!isPlainObject(body)) problems.format('body');

  const idResponsavel = r.guid(root, 'idResponsavel', '', { required: true });
  if (idResponsavel && !account.user(idResponsavel)) problems.unknownId(idResponsavel);
  const nomeProcesso = r.str(root, 'nomeProcesso', '', { required: true, max: 250 });
  const idPasta = r.guid(root, 'idPasta', '', { required: true });
  if (idPasta && !account.folder(idPasta)) problems.message(SEND.folderNotFound);

  const adv = r.obj(root, 'configuracoesAvancadas', '');
  const advPath = 'configuracoesAvancadas';
  const expiracao = r.int(adv, 'tempoExpiracaoDocumentoDias', advPath, { min: 0, max: 999 });
  const aviso = r.int(adv, 'avisoAntesExpiracaoDocumentoDias', advPath, { min: 0, max: 99 });
  const frequencia = r.int(adv, 'frequenciaLembretesDias', advPath, { min: 0, max: 999 });
  const gerarQrCode = r.bit(adv, 'gerarQrCode', advPath);
  const obrigarLeitura = r.bit(adv, 'obrigarLeitura', advPath);
  const renovacaoMeses = r.int(root, 'renovacaoMeses', '', { min: 0, max: 255 });

  const msg = r.obj(root, 'mensagemPadrao', '');
  const titulo = r.str(msg, 'titulo', 'mensagemPadrao', { max: 150 });
  const texto = r.str(msg, 'texto', 'mensagemPadrao');

  const usarOrdem = r.bit(root, 'usarOrdemAssinatura', '', { required: true });
  const usarAuto = r.bit(root, 'usarPosicaoAssinaturaAutomatica', '', { required: true });

  // Files are read first (manual positions need their pages) but reported after the recipients.
  const documentProblems = new Problems();
  const documents = await readDocuments(new Reader(documentProblems), root, maxTotalBytes);
  const recipients = readRecipients(r, root, account, {
    usarOrdem: usarOrdem ?? false,
    usarAuto: usarAuto ?? true,
    documents,
  });
  problems.absorb(documentProblems);

  if (problems.any) return { ok: false, message: problems.toMessage() };

  const usage: Record<ItemId, number> = { 1: 1, 2: 0, 3: 0 };
  for (const rec of recipients) {
    if (rec.telefone) usage[2] += 1;
    if (rec.seguranca?.idMeioEnvio === 2) usage[2] += 1;
    if (rec.seguranca?.idMeioEnvio === 1) usage[3] += 1;
  }
  const name = nomeProcesso as string;
  return {
    ok: true,
    draft: {
      idResponsavel: idResponsavel as string,
      nomeProcesso: name,
      idPasta: idPasta as string,
      expiracaoDias: expiracao || ACCOUNT_DEFAULTS.expiracaoDias,
      avisoExpiracaoDias: aviso || ACCOUNT_DEFAULTS.avisoExpiracaoDias,
      frequenciaLembrete: frequencia ?? ACCOUNT_DEFAULTS.frequenciaLembrete,
      gerarQrCode: gerarQrCode ?? ACCOUNT_DEFAULTS.gerarQrCode,
      obrigarLeitura: obrigarLeitura ?? ACCOUNT_DEFAULTS.obrigarLeitura,
      renovacaoMeses: renovacaoMeses || null,
      mensagemPadrao: {
        titulo: titulo ?? `ArqSign: ${name}`,
        texto: texto ?? `Você recebeu o(s) documento(s): ${name} para assinaturas.`,
      },
      usarOrdemAssinatura: usarOrdem as boolean,
      usarPosicaoAssinaturaAutomatica: usarAuto as boolean,
      recipients,
      documents,
      usage,
    },
  };
}

// ---------------------------------------------------------------- documents (3.1.3)

async function readDocuments(r: Reader, root: Json, maxTotalBytes: number): Promise<DocumentDraft[]> {
  const p = r.problems;
  const list = root.documentos;
  if (list !== undefined && list !== null && !Array.isArray(list)) {
    p.format('documentos');
    return [];
  }
  const items = (list ?? []) as unknown[];
  if (items.length === 0) {
    p.message(SEND.noFile);
    return [];
  }
  if (items.length > MAX_FILES) p.message(SEND.tooManyFiles);

  const drafts: DocumentDraft[] = [];
  const orders = new Set<number>();
  const names = new Set<string>();
  let total = 0;
  for (const [i, item] of items.entries()) {
    const path = `documentos[${i}]`;
    if (!isPlainObject(item)) {
      p.format(path);
      continue;
    }
    let ordem: number | undefined;
    if (items.length > 1 && (item.ordemDocumento === undefined || item.ordemDocumento === null)) {
      p.message(SEND.documentOrderMissing);
    } else {
      ordem = r.int(item, 'ordemDocumento', path, { min: 1, max: 255 });
    }
    if (ordem !== undefined) {
      if (orders.has(ordem)) p.message(SEND.duplicateDocumentOrder);
      orders.add(ordem);
    }
    const nome = r.str(item, 'nomeComExtensao', path, { required: true });
    if (nome !== undefined) {
      if (nome.length > 150) p.message(SEND.fileNameTooLong);
      if (names.has(nome.toLowerCase())) p.message(SEND.duplicateFileName);
      names.add(nome.toLowerCase());
    }
    const arquivo = r.str(item, 'arquivo', path, { required: true });
    if (arquivo === undefined) continue;
    const compact = arquivo.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) {
      p.format(`${path}.arquivo`);
      continue;
    }
    const bytes = Buffer.from(compact, 'base64');
    total += bytes.length;
    if (!hasPdfHeader(bytes)) {
      p.message(SEND.notPdf(nome ?? `documentos[${i}]`));
      continue;
    }
    if (nome !== undefined) drafts.push({ ordem: ordem ?? i + 1, nome, original: bytes, pages: [] });
  }
  if (total > maxTotalBytes) p.message(SEND.tooLarge);
  for (const draft of drafts) draft.pages = await inspectPdfPages(draft.original);
  return drafts.sort((a, b) => a.ordem - b.ordem);
}

// ---------------------------------------------------------------- recipients (3.1.2)

interface RecipientContext {
  usarOrdem: boolean;
  usarAuto: boolean;
  documents: DocumentDraft[];
}

function readRecipients(r: Reader, root: Json, account: AccountStore, ctx: RecipientContext): RecipientDraft[] {
  const p = r.problems;
  const list = r.arr(root, 'destinatarios', '', { required: true });
  if (!list) return [];
  if (list.length === 0) p.required('destinatarios');

  const drafts: RecipientDraft[] = [];
  for (const [i, item] of list.entries()) {
    const path = `destinatarios[${i}]`;
    if (!isPlainObject(item)) {
      p.format(path);
      continue;
    }
    const draft = readRecipient(r, item, path, account, ctx);
    if (draft) drafts.push(draft);
  }

  const signing = drafts.filter((d) => d.idTipoAcao === 1);
  if (list.length > 0 && drafts.length === list.length && signing.length === 0) p.required('destinatarios (idTipoAcao = 1)');
  if (ctx.usarOrdem && signing.some((d) => !d.ordemEnviada)) p.message(SEND.orderRequired);

  // The same e-mail/phone may not appear twice in one signing order (all signers are order 1 without order).
  const seen = new Set<string>();
  for (const d of signing) {
    const contact = (d.email ?? d.telefone ?? '').toLowerCase();
    const key = `${d.ordem}|${contact}`;
    if (seen.has(key)) p.message(SEND.duplicateInOrder);
    seen.add(key);
  }
  return drafts;
}

function readRecipient(r: Reader, item: Json, path: string, account: AccountStore, ctx: RecipientContext): RecipientDraft | undefined {
  const p = r.problems;
  const idTipoAcao = r.int(item, 'idTipoAcao', path, { required: true });
  if (idTipoAcao !== undefined && idTipoAcao !== 1 && idTipoAcao !== 2) p.format(`${path}.idTipoAcao`);
  const ordemEnviada = r.int(item, 'ordemAssinatura', path, { min: 0, max: 255 });

  let representacao: number | null = null;
  const visual = item.representacaoVisualAssinatura;
  if (visual !== undefined && visual !== null) {
    if (visual === 1 || visual === 2 || visual === 3) representacao = visual;
    else p.message(SEND.badVisual);
  }

  const nome = r.str(item, 'nome', path, { required: true, max: 150 });
  const { email, telefone } = readContact(r, item);
  const signs = idTipoAcao === 1;
  const base = {
    idTipoAcao: (idTipoAcao === 2 ? 2 : 1) as 1 | 2,
    ordemEnviada: ordemEnviada ?? null,
    ordem: signs ? (ctx.usarOrdem ? (ordemEnviada ?? 0) : 1) : 0,
    nome: nome ?? '',
    email: email ?? null,
    telefone: telefone ?? null,
    representacaoVisual: representacao,
  };
  const empty = {
    assinarComo: null,
    papelPessoaFisica: null,
    papelPessoaJuridica: null,
    seguranca: null,
    idTipoAssinatura: null,
    tipoDocumentoAInformar: null,
    configuracaoDocumentoOutro: null,
    tipoDocumentoEmpresaAInformar: null,
    configuracaoDocumentoEmpresaOutro: null,
    prefillSignatario: null,
    prefillEmpresa: null,
    anexos: [],
  };
  if (!signs) return idTipoAcao === 2 ? { ...base, ...empty } : undefined;

  const online = r.obj(item, 'assinarOnline', path, { required: true });
  if (!online) return undefined;
  const op = `${path}.assinarOnline`;

  const assinarComo = r.int(online, 'assinarComo', op, { required: true });
  if (assinarComo !== undefined && ![1, 2, 3].includes(assinarComo)) p.format(`${op}.assinarComo`);
  const asPf = assinarComo !== 2;
  const asPj = assinarComo === 2 || assinarComo === 3;

  const papelPessoaFisica = asPf ? readRoles(r, online, 'papelPessoaFisica', op, account) : null;
  const papelPessoaJuridica = asPj ? readRoles(r, online, 'papelPessoaJuridica', op, account) : null;
  const seguranca = readSecurity(r, online, op);

  const custom = r.obj(online, 'mensagemPersonalizada', op);
  if (custom) {
    const t = r.str(custom, 'titulo', `${op}.mensagemPersonalizada`, { max: 150 });
    const x = r.str(custom, 'texto', `${op}.mensagemPersonalizada`);
    if (t !== undefined && x === undefined) p.required(`${op}.mensagemPersonalizada.texto`);
    if (x !== undefined && t === undefined) p.required(`${op}.mensagemPersonalizada.titulo`);
  }

  const anexos = readAttachmentRequests(r, online, op);

  const idTipoAssinatura = readEnum(r, online, 'idTipoAssinatura', op, [1, 3, 4], SEND.badSignatureType, true);
  if (base.telefone && idTipoAssinatura !== undefined && idTipoAssinatura !== 1) p.message(SEND.whatsappOnlyElectronic);

  let tipoDocumentoAInformar: number | null = null;
  let tipoDocumentoEmpresaAInformar: number | null = null;
  let configuracaoDocumentoOutro: CustomDocConfig | null = null;
  let configuracaoDocumentoEmpresaOutro: CustomDocConfig | null = null;
  let prefillSignatario: PrefillData | null = null;
  let prefillEmpresa: PrefillData | null = null;
  let exigeNumeroDocumento = true;
  let exigeNumeroDocumentoEmpresa = true;

  if (idTipoAssinatura === 1) {
    const ele = r.obj(online, 'assinaturaEletronica', op, { required: true });
    const ep = `${op}.assinaturaEletronica`;
    if (ele) {
      r.bit(ele, 'obrigarSignatarioInformarNome', ep, { required: true });
      exigeNumeroDocumento = r.bit(ele, 'obrigarSignatarioInformarNumeroDocumento', ep, { required: true }) ?? true;
      tipoDocumentoAInformar = readEnum(r, ele, 'tipoDocumentoAInformar', ep, [1, 2, 3, 4], SEND.badPfDocType, true) ?? null;
      if (tipoDocumentoAInformar === 4) {
        configuracaoDocumentoOutro = readCustomDoc(r, ele, 'configuracaoDocumentoOutro', ep, SEND.missingPfDocConfig);
      }
      if (asPj) {
        r.bit(ele, 'obrigarSignatarioInformarNomeEmpresa', ep, { required: true });
        exigeNumeroDocumentoEmpresa = r.bit(ele, 'obrigarSignatarioInformarNumeroDocumentoEmpresa', ep, { required: true }) ?? true;
        tipoDocumentoEmpresaAInformar = readEnum(r, ele, 'tipoDocumentoEmpresaAInformar', ep, [4, 5], SEND.badPjDocType, true) ?? null;
        if (tipoDocumentoEmpresaAInformar === 4) {
          configuracaoDocumentoEmpresaOutro = readCustomDoc(r, ele, 'configuracaoDocumentoEmpresaOutro', ep, SEND.missingPjDocConfig);
        }
      }
    }
    const dados = r.obj(online, 'dadosAssinatura', op);
    if (dados) {
      const dp = `${op}.dadosAssinatura`;
      prefillSignatario = readPrefill(r, dados, 'signatario', dp, tipoDocumentoAInformar, configuracaoDocumentoOutro, SEND.badPfNumber);
      if (asPj) {
        const pjRule = [tipoDocumentoEmpresaAInformar, configuracaoDocumentoEmpresaOutro, SEND.badPjNumber] as const;
        prefillEmpresa = readPrefill(r, dados, 'empresa', dp, ...pjRule);
      }
      const extras = r.arr(dados, 'dadosComplementares', dp) ?? [];
      for (const extra of extras) {
        if (!isPlainObject(extra)) continue;
        const hasLabel = typeof extra.label === 'string' && extra.label !== '';
        const hasValue = extra.valor !== undefined && extra.valor !== null && extra.valor !== '';
        if (hasValue && !hasLabel) p.message(SEND.labelRequired);
        if (hasLabel && !hasValue) p.message(SEND.valueRequired);
      }
    }
  }

  if (!ctx.usarAuto && assinarComo !== undefined) readManualPositions(r, online, op, assinarComo, ctx.documents);

  return {
    ...base,
    assinarComo: assinarComo ?? null,
    papelPessoaFisica,
    papelPessoaJuridica,
    seguranca,
    idTipoAssinatura: idTipoAssinatura ?? null,
    tipoDocumentoAInformar,
    configuracaoDocumentoOutro,
    tipoDocumentoEmpresaAInformar,
    configuracaoDocumentoEmpresaOutro,
    prefillSignatario,
    prefillEmpresa,
    exigeNumeroDocumento,
    exigeNumeroDocumentoEmpresa,
    anexos,
  };
}

function readContact(r: Reader, item: Json): { email?: string; telefone?: string } {
  const p = r.problems;
  const rawEmail = item.email;
  const rawPhone = item.telefone;
  const hasEmail = rawEmail !== undefined && rawEmail !== null && rawEmail !== '';
  const hasPhone = rawPhone !== undefined && rawPhone !== null && rawPhone !== '';
  if (!hasEmail && !hasPhone) {
    p.message(SEND.emailOrPhoneRequired);
    return {};
  }
  if (hasEmail && hasPhone) {
    p.message(SEND.bothEmailAndPhone);
    return {};
  }
  if (hasEmail) {
    if (typeof rawEmail !== 'string' || !isEmail(rawEmail)) {
      p.message(SEND.badEmail);
      return {};
    }
    return { email: rawEmail.trim() };
  }
  if (typeof rawPhone !== 'string' || rawPhone.length > 20 || !normalizePhone(rawPhone)) {
    p.message(SEND.badPhone);
    return {};
  }
  return { telefone: rawPhone.trim() };
}

/** An integer code limited to `allowed`; another value → the field's own documented message. */
function readEnum(
  r: Reader,
  obj: Json,
  key: string,
  path: string,
  allowed: number[],
  message: string,
  required: boolean,
): number | undefined {
  const v = obj[key];
  if (v === undefined || v === null) {
    if (required) r.problems.required(`${path}.${key}`);
    return undefined;
  }
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !allowed.includes(n)) {
    r.problems.message(message);
    return undefined;
  }
  return n;
}

function readRoles(r: Reader, obj: Json, key: string, path: string, account: AccountStore): string[] | null {
  const list = r.arr(obj, key, path);
  if (!list) return null;
  const names: string[] = [];
  for (const item of list) {
    if (typeof item !== 'string' || item.length > 50) {
      r.problems.format(`${path}.${key}`);
      continue;
    }
    const role = account.findRole(item);
    if (!role) r.problems.message(SEND.unknownRole);
    else names.push(role.nome);
  }
  return names.length ? names : null;
}

function readSecurity(r: Reader, online: Json, op: string): SecurityCode | null {
  const p = r.problems;
  const sec = r.obj(online, 'seguranca', op);
  if (!sec || sec.codigoSeguranca === undefined || sec.codigoSeguranca === null) return null; // null code → block ignored
  const sp = `${op}.seguranca`;
  const code = sec.codigoSeguranca;
  const codeText = typeof code === 'number' ? String(code).padStart(4, '0') : code;
  if (typeof codeText !== 'string' || !/^\d{4}$/.test(codeText)) p.format(`${sp}.codigoSeguranca`);
  const meio = readEnum(r, sec, 'idMeioEnvio', sp, [1, 2, 3, 4], SEND.badCodeChannel, true);
  let email: string | null = null;
  let telefone: string | null = null;
  if (meio === 3) {
    const v = sec.codigoSegurancaEmail;
    if (v === undefined || v === null || v === '') p.message(SEND.codeEmailRequired);
    else if (typeof v !== 'string' || !isEmail(v)) p.message(SEND.badEmail);
    else email = v.trim();
  }
  if (meio === 1 || meio === 2) {
    const v = sec.codigoSegurancaTelefone;
    if (v === undefined || v === null || v === '') p.message(SEND.codePhoneRequired);
    else if (typeof v !== 'string' || !normalizePhone(v) || (meio === 1 && !isBrazilianPhone(v))) p.message(SEND.badPhone);
    else telefone = v.trim();
  }
  const reenviar = meio === 1 || meio === 2 ? (r.bit(sec, 'reenviarCodigo', sp) ?? false) : false;
  return { codigoSeguranca: String(codeText), idMeioEnvio: meio ?? 4, email, telefone, reenviarCodigo: reenviar };
}

function readAttachmentRequests(r: Reader, online: Json, op: string): RecipientDraft['anexos'] {
  const p = r.problems;
  const list = r.arr(online, 'anexos', op) ?? [];
  const out: RecipientDraft['anexos'] = [];
  for (const [i, item] of list.entries()) {
    const ap = `${op}.anexos[${i}]`;
    if (!isPlainObject(item)) {
      p.format(ap);
      continue;
    }
    const present = ['anexoDocumentoNome', 'anexoObrigatorio', 'anexoExibirTodosDestinatarios'].filter(
      (k) => item[k] !== undefined && item[k] !== null,
    );
    if (present.length === 0) continue;
    if (present.length < 3) {
      p.message(SEND.partialAttachment);
      continue;
    }
    const nome = r.str(item, 'anexoDocumentoNome', ap, { required: true, max: 75 });
    const obrigatorio = r.bit(item, 'anexoObrigatorio', ap, { required: true });
    const exibirTodos = r.bit(item, 'anexoExibirTodosDestinatarios', ap, { required: true });
    if (nome === undefined || obrigatorio === undefined || exibirTodos === undefined) continue;
    if (out.some((a) => a.nome.trim().toLowerCase() === nome.trim().toLowerCase())) p.message(SEND.duplicateAttachment);
    else out.push({ nome, obrigatorio, exibirTodos });
  }
  return out;
}

function readCustomDoc(r: Reader, obj: Json, key: string, path: string, missing: string): CustomDocConfig | null {
  const cfg = obj[key];
  if (!isPlainObject(cfg)) {
    r.problems.message(missing);
    return null;
  }
  const cp = `${path}.${key}`;
  const nomeDocumento = r.str(cfg, 'nomeDocumento', cp, { required: true, max: 50 });
  const formato = r.int(cfg, 'formatoDadosDocumento', cp, { required: true, min: 1, max: 2 });
  const qtde = r.int(cfg, 'qtdeCaracteresDocumento', cp, { required: true, min: 1, max: 255 });
  return { nomeDocumento: nomeDocumento ?? null, formatoDadosDocumento: formato ?? null, qtdeCaracteresDocumento: qtde ?? null };
}

function readPrefill(
  r: Reader,
  dados: Json,
  key: string,
  path: string,
  docType: number | null,
  custom: CustomDocConfig | null,
  badNumber: string,
): PrefillData | null {
  const block = r.obj(dados, key, path);
  if (!block) return null;
  const bp = `${path}.${key}`;
  let nome: string | null = null;
  if (block.nome !== undefined && block.nome !== null) {
    if (typeof block.nome !== 'string') r.problems.format(`${bp}.nome`);
    else if (block.nome.length > 250) r.problems.message(SEND.prefillNameTooLong);
    else nome = block.nome;
  }
  let numero: string | null = null;
  const rawNumber = block.numeroDocumento;
  if (rawNumber !== undefined && rawNumber !== null && rawNumber !== '') {
    const text = String(rawNumber);
    if (docType !== null && !isValidDocumentNumber(docType, text, custom)) r.problems.message(badNumber);
    else numero = text;
  }
  const validar = r.bit(block, 'validarDocumento', bp) ?? false;
  if (nome === null && numero === null) return null;
  return { nome, numeroDocumento: numero, validar: numero !== null && validar };
}

function readManualPositions(r: Reader, online: Json, op: string, assinarComo: number, documents: DocumentDraft[]): void {
  const p = r.problems;
  const list = r.arr(online, 'definirPosicaoAssinaturaManual', op, { required: true });
  if (!list || documents.length === 0) return;
  const needPf = assinarComo === 1 || assinarComo === 3;
  const needPj = assinarComo === 2 || assinarComo === 3;
  const pf = new Set<number>();
  const pj = new Set<number>();
  const missingPages = new Map<number, number[]>();

  for (const [i, entry] of list.entries()) {
    const ep = `${op}.definirPosicaoAssinaturaManual[${i}]`;
    if (!isPlainObject(entry)) {
      p.format(ep);
      continue;
    }
    let doc: DocumentDraft | undefined = documents[0];
    if (documents.length > 1) {
      const order = entry.documentoDeOrdem;
      if (order === undefined || order === null) {
        p.message(SEND.documentOrderRequired);
        continue;
      }
      doc = documents.find((d) => d.ordem === Number(order));
      if (!doc) {
        p.message(SEND.documentOrderNotFound(order));
        continue;
      }
    }
    for (const [kind, seen, wanted] of [
      ['pessoaFisica', pf, needPf],
      ['pessoaJuridica', pj, needPj],
    ] as const) {
      if (!wanted) continue;
      const boxValue = r.obj(entry, kind, ep);
      if (!boxValue) continue;
      if (seen.has(doc.ordem)) p.message(SEND.twoBoxesSameKind);
      seen.add(doc.ordem);
      checkBox(r, boxValue, `${ep}.${kind}`, kind === 'pessoaJuridica', doc, missingPages);
    }
  }
  for (const doc of documents) {
    if (needPf && !pf.has(doc.ordem)) p.message(SEND.missingPfBox);
    if (needPj && !pj.has(doc.ordem)) p.message(SEND.missingPjBox);
  }
  for (const pages of missingPages.values()) p.message(SEND.pagesNotInFile(pages));
}

function checkBox(r: Reader, box: Json, path: string, isPj: boolean, doc: DocumentDraft, missingPages: Map<number, number[]>): void {
  const p = r.problems;
  const pagina = r.int(box, 'pagina', path, { required: true });
  if (pagina === 0) p.required(`${path}.pagina`);
  const altura = r.num(box, 'altura', path, { required: true });
  const largura = r.num(box, 'largura', path, { required: true });
  const x = r.num(box, 'posicaoX', path, { required: true });
  const y = r.num(box, 'posicaoY', path, { required: true });
  if (isPj) {
    for (const [key, value] of [['altura', altura], ['largura', largura], ['posicaoX', x], ['posicaoY', y]] as const) {
      if (value === 0) p.required(`${path}.${key}`);
    }
  }
  if (!pagina) return;
  const page = doc.pages[pagina - 1];
  if (!page || pagina < 0) {
    const list = missingPages.get(doc.ordem) ?? [];
    if (!list.includes(pagina)) list.push(pagina);
    missingPages.set(doc.ordem, list);
    return;
  }
  if (altura === undefined || largura === undefined || x === undefined || y === undefined) return;
  if (x < 0 || y < 0 || altura < 0 || largura < 0 || x + largura > page.widthMm + 1e-6 || y + altura > page.heightMm + 1e-6) {
    p.message(SEND.boxOutsidePage);
  }
}
