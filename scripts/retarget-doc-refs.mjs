#!/usr/bin/env node
// Rewrites references to documents outside the repository ("PRODUCT.md §4", "API.md §3.1",
// "`arqsign/API.md` §6", bare "§2.6", gap ids "G5") into links to docs/, using docs/.comment-map.tsv.
// In TypeScript/JavaScript files only comments and string literals are touched; Markdown files are
// rewritten as a whole, with relative Markdown links. No dependencies.
//
//   node scripts/retarget-doc-refs.mjs --check          verify map + anchors, list what would change
//   node scripts/retarget-doc-refs.mjs                  rewrite src/ and test/ in place
//   node scripts/retarget-doc-refs.mjs --root /tmp/copy src test   rewrite another tree
//
// Options: --root DIR (tree to rewrite; default the repository), --map FILE (default
// <repo>/docs/.comment-map.tsv), --docs DIR (where the targets' files live; default <repo>),
// --check (write nothing), --verbose (print every replacement). Remaining arguments: directories
// below --root (default: src test).
// Exit codes: 0 done; 1 some reference has no map entry or sits outside comments/strings;
// 2 the map is invalid (a target file or anchor is missing) — nothing is written then.

import { readFileSync, writeFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep, posix } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// ------------------------------------------------------------------------------------------ args
const args = process.argv.slice(2);
const opt = { root: REPO, map: join(REPO, 'docs', '.comment-map.tsv'), docs: REPO, check: false, verbose: false, dirs: [] };
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--check') opt.check = true;
  else if (a === '--verbose') opt.verbose = true;
  else if (a === '--root') opt.root = resolve(args[++i]);
  else if (a === '--map') opt.map = resolve(args[++i]);
  else if (a === '--docs') opt.docs = resolve(args[++i]);
  else if (a === '--help' || a === '-h') {
    console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 18).map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
    process.exit(0);
  } else if (a.startsWith('--')) fail(2, `unknown option ${a}`);
  else opt.dirs.push(a);
}
if (opt.dirs.length === 0) opt.dirs = ['src', 'test'];

function fail(code, message) {
  console.error(`retarget-doc-refs: ${message}`);
  process.exit(code);
}

// ------------------------------------------------------------------------------- map + anchors
/** GitHub's heading anchor: lower case, punctuation removed, spaces → hyphens, duplicates -1, -2… */
function slug(text) {
  return text
    .trim()
    .toLowerCase()
    .replace(/<[^>]*>/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

const anchorCache = new Map();
function anchorsOf(file) {
  if (anchorCache.has(file)) return anchorCache.get(file);
  const anchors = new Set();
  const seen = new Map();
  let fenced = false;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const base = slug(m[1].replace(/`/g, ''));
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  anchorCache.set(file, anchors);
  return anchors;
}

/** key → { target: 'docs/x.md#anchor', template?: 'text with {link}' } */
function loadMap(path) {
  if (!existsSync(path)) fail(2, `map not found: ${path}`);
  const map = new Map();
  const problems = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, index) => {
      if (line.trim() === '' || line.startsWith('#')) return;
      const [key, target, template] = line.split('\t');
      if (!key || !target) return problems.push(`line ${index + 1}: expected "reference<TAB>target[<TAB>template]"`);
      if (map.has(key)) return problems.push(`line ${index + 1}: duplicate reference ${key}`);
      const [file, anchor] = target.split('#');
      const abs = join(opt.docs, file);
      if (!file.startsWith('docs/') || !existsSync(abs)) problems.push(`line ${index + 1}: ${key} → ${target}: no such file ${file}`);
      else if (anchor !== undefined && !anchorsOf(abs).has(anchor)) problems.push(`line ${index + 1}: ${key} → ${target}: no heading with anchor #${anchor} in ${file}`);
      if (template !== undefined && !template.includes('{link}')) problems.push(`line ${index + 1}: template without {link}`);
      map.set(key, { target, template: template || undefined });
    });
  if (problems.length) fail(2, `the map is invalid, nothing was changed:\n  ${problems.join('\n  ')}`);
  return map;
}

const MAP = loadMap(opt.map);
const isCanonical = (key) => /^(API|PRODUCT)\.md( §\S+)?$/.test(key) || /^G\d{1,2}$/.test(key);
const LITERALS = [...MAP.keys()].filter((k) => !isCanonical(k)).sort((a, b) => b.length - a.length);

// ------------------------------------------------------------------------------------ matching
const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const DOC = String.raw`\x60?(?:(?:\.\.\/|(?:shared\/)?arqsign\/)?API\.md|PRODUCT\.md)\x60?`;
const SEC = String.raw`(?:§{1,2}\s?|section\s+)\d+(?:\.(?:\d+|x))*(?:[–-]\d+(?:\.\d+)*)?`;
const SEP = String.raw`(?:,\s*|\s+and\s+|\s+)`;
const GAP = String.raw`\bG\d{1,2}\b`;
const PATTERN = new RegExp(
  [
    LITERALS.length ? `(?<literal>${LITERALS.map(esc).join('|')})` : null,
    // "gap G5", "gaps G3, G7", "API.md G22", "G5/G6/G24"
    String.raw`(?<gaps>(?:(?:API\.md|[Gg]aps?)\s+)?${GAP}(?:(?:,\s*|\/|\s+and\s+)${GAP})*)`,
    // "PRODUCT.md §4, §5", "`arqsign/API.md` §6", "API.md section 4.4", bare "API.md"
    String.raw`(?<doc>${DOC}(?:\s+${SEC}(?:${SEP}${SEC})*)?)`,
    // bare "§2.6", "§2.7, §2.8" (ours are all ArqSIGN sections), but not "STYLE.md §2"
    String.raw`(?<!STYLE\.md\s?)(?<bare>${SEC.replace('|section\\s+', '')}(?:${SEP}${SEC.replace('|section\\s+', '')})*)`,
  ]
    .filter(Boolean)
    .join('|'),
  'g',
);

/** The map keys a matched run stands for, in order. */
function keysOf(groups, text) {
  if (groups.literal) return [groups.literal];
  if (groups.gaps) return text.match(/G\d{1,2}/g);
  const product = /PRODUCT\.md/.test(text);
  const doc = product ? 'PRODUCT.md' : 'API.md';
  const sections = text.match(new RegExp(SEC, 'g')) ?? [];
  if (sections.length === 0) return [doc];
  const whole = `${doc} ${sections.map(normSec).join(' ')}`;
  if (MAP.has(whole) && sections.length > 1 && /^§[\d.]+ §\d+$/.test(sections.map(normSec).join(' '))) return [whole]; // "§4.8 §5"
  return sections.map((s) => `${doc} ${normSec(s)}`);
}
const normSec = (s) => '§' + s.replace(/^(§{1,2}\s?|section\s+)/, '');

/** Renders the targets of one run: full path first, `#anchor` for the same file after it. */
function render(entries, markdownFrom) {
  const out = [];
  let lastFile = null;
  const seen = new Set();
  for (const { target, template } of entries) {
    if (seen.has(target)) continue;
    seen.add(target);
    const [file, anchor] = target.split('#');
    const shown = file === lastFile && anchor ? `#${anchor}` : target;
    lastFile = file;
    let link = shown;
    if (markdownFrom) {
      const rel = relative(dirname(markdownFrom), join(opt.root, file)).split(sep).join(posix.sep);
      link = `[${shown}](${rel}${anchor ? `#${anchor}` : ''})`;
    }
    out.push(template ? template.replace('{link}', link) : link);
  }
  return out.join(', ');
}

const unmapped = [];
let replacements = 0;

/** Rewrites every reference in `text`; `where` names the place for reports. */
function rewrite(text, where, markdownFrom, forbidden) {
  return text.replace(PATTERN, (match, ...rest) => {
    const groups = rest[rest.length - 1];
    // A run swallowed by the doc/bare alternatives may still have no section or doc at all.
    const keys = keysOf(groups, match);
    const entries = keys.map((k) => MAP.get(k));
    const missing = keys.filter((k, i) => !entries[i]);
    if (missing.length) {
      unmapped.push(`${where}: ${missing.join(', ')} (in "${match}")`);
      return match;
    }
    const replacement = render(entries, markdownFrom);
    if (forbidden && replacement.includes(forbidden)) {
      unmapped.push(`${where}: replacement of "${match}" would contain the string's quote ${forbidden}; left as is`);
      return match;
    }
    replacements++;
    if (opt.verbose) console.log(`${where}: ${match}  →  ${replacement}`);
    return replacement;
  });
}

// ------------------------------------------------------------------ comments and string literals
/**
 * Splits TS/JS source into code, comment and string segments. Handles line/block comments,
 * quotes, template literals with nested `${}` code, and regex literals (by the usual "previous
 * token" heuristic). Good enough for this repository's sources; anything that would be rewritten
 * inside a "code" segment is reported instead.
 */
function segments(src) {
  const out = [];
  let i = 0;
  let start = 0;
  const n = src.length;
  const braceStack = []; // for template `${`: depth of braces at which the template resumes
  let depth = 0;
  let prev = ''; // previous significant code character or word
  const push = (kind, s, e) => {
    if (e > s) out.push({ kind, start: s, end: e });
  };
  const regexAllowed = () => prev === '' || /[(,=:[!&|?{};+\-*%<>~^]$/.test(prev) || /^(return|typeof|case|do|else|in|of|new|delete|void|throw|yield|await)$/.test(prev);
  const scanTemplate = (from) => {
    // from = index just after the opening backtick (or after a closing `}` of `${}`)
    let j = from;
    while (j < n) {
      if (src[j] === '\\') j += 2;
      else if (src[j] === '`') return { end: j + 1, closed: true };
      else if (src[j] === '$' && src[j + 1] === '{') return { end: j + 2, closed: false };
      else j++;
    }
    return { end: n, closed: true };
  };
  while (i < n) {
    const c = src[i];
    const d = src[i + 1];
    if (c === '/' && d === '/') {
      push('code', start, i);
      const e = src.indexOf('\n', i);
      const end = e === -1 ? n : e;
      push('comment', i, end);
      i = start = end;
    } else if (c === '/' && d === '*') {
      push('code', start, i);
      const e = src.indexOf('*/', i + 2);
      const end = e === -1 ? n : e + 2;
      push('comment', i, end);
      i = start = end;
    } else if (c === '"' || c === "'") {
      push('code', start, i);
      let j = i + 1;
      while (j < n && src[j] !== c && src[j] !== '\n') j += src[j] === '\\' ? 2 : 1;
      push('string:' + c, i, j + 1);
      i = start = j + 1;
      prev = 'x';
    } else if (c === '`') {
      push('code', start, i);
      const t = scanTemplate(i + 1);
      push('string:`', i, t.end);
      if (!t.closed) braceStack.push(depth);
      i = start = t.end;
      prev = t.closed ? 'x' : '{';
    } else if (c === '}' && braceStack.length && braceStack[braceStack.length - 1] === depth) {
      braceStack.pop();
      push('code', start, i + 1);
      const t = scanTemplate(i + 1);
      push('string:`', i + 1, t.end);
      if (!t.closed) braceStack.push(depth);
      i = start = t.end;
      prev = t.closed ? 'x' : '{';
    } else if (c === '/' && regexAllowed()) {
      let j = i + 1;
      let inClass = false;
      while (j < n && src[j] !== '\n') {
        if (src[j] === '\\') j += 2;
        else if (src[j] === '[') (inClass = true), j++;
        else if (src[j] === ']') (inClass = false), j++;
        else if (src[j] === '/' && !inClass) break;
        else j++;
      }
      i = j + 1;
      while (i < n && /[a-z]/i.test(src[i])) i++;
      prev = 'x';
    } else {
      if (c === '{') depth++;
      else if (c === '}') depth--;
      if (/\s/.test(c)) {
        i++;
        continue;
      }
      if (/[A-Za-z0-9_$]/.test(c)) {
        let j = i;
        while (j < n && /[A-Za-z0-9_$]/.test(src[j])) j++;
        prev = src.slice(i, j);
        i = j;
        continue;
      }
      prev = c;
      i++;
    }
  }
  push('code', start, n);
  return out;
}

function lineOf(src, index) {
  let line = 1;
  for (let k = 0; k < index; k++) if (src.charCodeAt(k) === 10) line++;
  return line;
}

function processCode(file, src) {
  const rel = relative(opt.root, file);
  let out = '';
  for (const seg of segments(src)) {
    const text = src.slice(seg.start, seg.end);
    const where = `${rel}:${lineOf(src, seg.start)}`;
    if (seg.kind === 'code') {
      const probe = text.match(/PRODUCT\.md|API\.md|\bG[0-9]{1,2}\b/);
      if (probe) unmapped.push(`${where}: "${probe[0]}" in code, not in a comment or string; left as is`);
      out += text;
    } else {
      const quote = seg.kind.startsWith('string:') ? seg.kind.slice(7) : undefined;
      out += rewrite(text, where, null, quote);
    }
  }
  return out;
}

function processMarkdown(file, src) {
  const rel = relative(opt.root, file);
  return src
    .split('\n')
    .map((line, index) => rewrite(line, `${rel}:${index + 1}`, file, undefined))
    .join('\n');
}

// ---------------------------------------------------------------------------------------- walk
function* walk(dir) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}

const CODE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
const changed = [];
for (const dir of opt.dirs) {
  const abs = resolve(opt.root, dir);
  if (!existsSync(abs)) fail(2, `no such directory: ${abs}`);
  for (const file of walk(abs)) {
    const isCode = CODE.test(file);
    if (!isCode && !file.endsWith('.md')) continue;
    const src = readFileSync(file, 'utf8');
    if (!/PRODUCT\.md|API\.md|\bG[0-9]{1,2}\b|§/.test(src)) continue;
    const out = isCode ? processCode(file, src) : processMarkdown(file, src);
    if (out !== src) {
      changed.push(relative(opt.root, file));
      if (!opt.check) writeFileSync(file, out);
    }
  }
}

console.log(`${opt.check ? 'would change' : 'changed'} ${changed.length} file(s), ${replacements} reference run(s)`);
if (opt.verbose || opt.check) for (const f of changed) console.log(`  ${f}`);
if (unmapped.length) {
  console.error(`retarget-doc-refs: ${unmapped.length} reference(s) not rewritten:\n  ${unmapped.join('\n  ')}`);
  process.exit(1);
}
