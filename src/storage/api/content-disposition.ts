/**
 * Safe download names (docs/behaviour.md#rest-api): the file name shown to a client comes from the client's own
 * upload or from ArqSIGN's payload, so it is cleaned before it reaches a header or a disk: never
 * empty, `.` or `..`, no path separators, no control or bidi/invisible formatting characters,
 * a bounded length, and always a `.pdf` extension.
 */

const FALLBACK = 'document.pdf';
const MAX_LENGTH = 150;
// Cc = control characters, Cf = format characters (bidi overrides/isolates, zero-width, BOM…),
// Zl/Zp = line/paragraph separators.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;
// Path separators and characters that are invalid in Windows file names.
const UNSAFE = /[/\\:*?"<>|]/g;

/** A clean display file name ending in `.pdf`. */
export function safeFileName(name: string | null | undefined, fallback = FALLBACK): string {
  const value = (name ?? '').normalize('NFC').replace(INVISIBLE, '').replace(UNSAFE, '_').replace(/\s+/g, ' ').trim();
  // The extension is ours to add; then no hidden files (leading dots) and no trailing dots.
  let base = value.replace(/\.pdf$/i, '').replace(/^[.\s]+/, '').replace(/[.\s]+$/, '');
  if (!base || /^_+$/.test(base)) base = fallback.replace(/\.pdf$/i, '');
  if (base.length > MAX_LENGTH - 4) base = [...base].slice(0, MAX_LENGTH - 4).join('').replace(/[.\s]+$/, '');
  return `${base}.pdf`;
}

/** The ASCII-only `filename=` fallback: accents dropped, anything else non-ASCII becomes `_`. */
export function asciiFileName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\%]/g, '_');
}

/** RFC 5987 `value-chars`: percent-encoded UTF-8; only attr-chars stay literal. */
export function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266) for an already or not yet cleaned name. */
export function contentDisposition(name: string | null | undefined, extension = '.pdf'): string {
  // Uploads keep their own extension (.png, .jpg); everything else is a PDF.
  const clean = extension === '.pdf' ? safeFileName(name) : safeFileName((name ?? '').replace(/\.(png|jpe?g)$/i, '')).replace(/\.pdf$/, extension);
  return `attachment; filename="${asciiFileName(clean)}"; filename*=UTF-8''${encodeRfc5987(clean)}`;
}
