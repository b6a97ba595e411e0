import { documentNumberProblem } from './document-numbers';
import type { RuleViolation } from './rule-violation';
import { isEmail, normalizePhone, PHONE_FORMAT_MESSAGE } from './signer-contact';
import { SignatureType, SignerAction, type SignAs } from './process-status';
import { AccessCodeChannel, DEFAULT_TYPED_DATA, signsAsCompany, signsAsPerson, type SendOptions, type SignatureBox } from './send-options';

/** A page's size in millimetres. */
export interface PageSize {
  widthMm: number;
  heightMm: number;
}

export interface OptionsDraft {
  action: SignerAction;
  signatureType: SignatureType;
  signAs: SignAs;
  options: SendOptions;
}

/**
 * ArqSIGN's rules on the per-signer send options (docs/send-options.md), checked before anything is
 * sent. `pages[i]` are the page sizes of document i+1 (order); positions are checked against them.
 */
export function checkSendOptions(signers: OptionsDraft[], pages: PageSize[][], path = 'signers'): RuleViolation[] {
  const violations: RuleViolation[] = [];
  const add = (field: string, message: string) => violations.push({ field, message });
  const manual = signers.some((s) => s.action === SignerAction.SIGN && s.options.positions?.length);

  signers.forEach((signer, i) => {
    const at = `${path}.${i}`;
    const o = signer.options;
    if (signer.action !== SignerAction.SIGN) {
      for (const key of ['accessCode', 'message', 'attachments', 'positions', 'signerData', 'typedData'] as const) {
        const value = o[key];
        if (value && (!Array.isArray(value) || value.length)) add(`${at}.${key}`, 'only applies to SIGN signers');
      }
      return;
    }
    const code = o.accessCode;
    if (code) {
      if (!/^\d{4}$/.test(code.code)) add(`${at}.accessCode.code`, 'must be exactly 4 digits');
      if (code.channel === AccessCodeChannel.SMS || code.channel === AccessCodeChannel.WHATSAPP) {
        const phone = code.phone ? normalizePhone(code.phone) : undefined;
        if (!code.phone) add(`${at}.accessCode.phone`, `is required for ${code.channel} (or give the signer a phone)`);
        else if (!phone) add(`${at}.accessCode.phone`, PHONE_FORMAT_MESSAGE);
        else if (code.channel === AccessCodeChannel.SMS && !(phone.length <= 11 || (phone.startsWith('55') && phone.length <= 13))) {
          add(`${at}.accessCode.phone`, 'SMS goes to Brazilian numbers only');
        }
      }
      if (code.channel === AccessCodeChannel.EMAIL && !(code.email && isEmail(code.email))) add(`${at}.accessCode.email`, 'a valid e-mail is required for EMAIL (or give the signer an e-mail)');
    }
    const names = new Map<string, number>();
    (o.attachments ?? []).forEach((attachment, j) => {
      const key = attachment.name.trim().toLowerCase();
      if (!key) add(`${at}.attachments.${j}.name`, 'must not be empty');
      else if (names.has(key)) add(`${at}.attachments.${j}.name`, `repeats attachment ${names.get(key)} (names must be unique per signer)`);
      else names.set(key, j);
    });
    if (manual) checkPositions(signer, pages, at, add);
    checkTypedAndPrefill(signer, at, add);
  });
  return violations;
}

function checkPositions(signer: OptionsDraft, pages: PageSize[][], at: string, add: (field: string, message: string) => void): void {
  const positions = signer.options.positions ?? [];
  if (!positions.length) {
    add(`${at}.positions`, 'is required for every SIGN signer once any signer has manual positions (one per document)');
    return;
  }
  const seen = new Set<number>();
  positions.forEach((position, j) => {
    const pp = `${at}.positions.${j}`;
    const docPages = pages[position.document - 1];
    if (!docPages) return add(`${pp}.document`, `there is no document ${position.document} (the process has ${pages.length})`);
    if (seen.has(position.document)) return add(`${pp}.document`, `repeats document ${position.document} (one entry per document)`);
    seen.add(position.document);
    for (const [kind, wanted] of [
      ['person', signsAsPerson(signer.signAs)],
      ['company', signsAsCompany(signer.signAs)],
    ] as const) {
      const box = position[kind];
      if (wanted && !box) add(`${pp}.${kind}`, `is required when the signer signs as ${signer.signAs}`);
      if (box) checkBox(box, docPages, `${pp}.${kind}`, add);
    }
  });
  pages.forEach((_, d) => {
    if (!seen.has(d + 1)) add(`${at}.positions`, `has no entry for document ${d + 1} (one per document is required)`);
  });
}

function checkBox(box: SignatureBox, pages: PageSize[], at: string, add: (field: string, message: string) => void): void {
  const page = pages[box.page - 1];
  if (!page) return add(`${at}.page`, `page ${box.page} does not exist (the document has ${pages.length} page${pages.length === 1 ? '' : 's'})`);
  if (box.x + box.width > page.widthMm + 1e-6 || box.y + box.height > page.heightMm + 1e-6) {
    add(at, `the box must fit the page (${page.widthMm.toFixed(1)} × ${page.heightMm.toFixed(1)} mm)`);
  }
}

function checkTypedAndPrefill(signer: OptionsDraft, at: string, add: (field: string, message: string) => void): void {
  const { typedData, signerData } = signer.options;
  const electronic = signer.signatureType === SignatureType.ELECTRONIC;
  if (typedData && !electronic) add(`${at}.typedData`, 'only applies to ELECTRONIC signatures');
  if (signerData && !electronic) add(`${at}.signerData`, 'only applies to ELECTRONIC signatures');
  if (!electronic) return;
  const typed = typedData ?? DEFAULT_TYPED_DATA;
  for (const kind of ['person', 'company'] as const) {
    const rule = typed[kind];
    if (rule.document === 'OTHER' && !rule.otherDocument) add(`${at}.typedData.${kind}.otherDocument`, 'is required when document is OTHER');
    const party = signerData?.[kind];
    if (kind === 'company' && party && !signsAsCompany(signer.signAs)) add(`${at}.signerData.company`, 'only applies when the signer signs as COMPANY or BOTH');
    if (!party?.documentNumber) {
      if (party?.validate) add(`${at}.signerData.${kind}.validate`, 'needs a documentNumber to validate against');
      continue;
    }
    const problem = documentNumberProblem(rule.document, party.documentNumber, rule.otherDocument);
    if (problem) add(`${at}.signerData.${kind}.documentNumber`, problem);
  }
}
