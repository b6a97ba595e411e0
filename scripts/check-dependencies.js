#!/usr/bin/env node
// Module boundary check (docs/architecture.md#boundaries), run by `npm run deps:check` in `npm test`.
// 1. dependency-cruiser rules from .dependency-cruiser.cjs (feature internals, domain purity, file cycles);
// 2. cycles between modules (the graph of top-level folders under src/);
// 3. comments point into docs/, never at documents outside the repository.
// Usage: node scripts/check-dependencies.js [rootDir]   (rootDir defaults to the repository; tests pass a fixture tree)
'use strict';
const fs = require('node:fs');
const path = require('node:path');


/** Known violations still being removed (docs/architecture.md#boundaries); each entry is "rule: from -> to". */
const KNOWN_FILE = '.dependency-cruiser-known-violations.json';

async function checkDependencies(rootDir) {
  const { cruise } = await import('dependency-cruiser'); // ESM-only package
  const config = require(path.join(__dirname, '..', '.dependency-cruiser.cjs'));
  const hasTsConfig = fs.existsSync(path.join(rootDir, 'tsconfig.json'));
  const options = {
    ...config.options,
    validate: true,
    ruleSet: { forbidden: config.forbidden },
    baseDir: rootDir,
    outputType: 'json',
  };
  if (!hasTsConfig) delete options.tsConfig;
  const tsConfig = hasTsConfig ? { fileName: path.join(rootDir, 'tsconfig.json') } : undefined;
  let parsedTsConfig;
  if (tsConfig) {
    const ts = require('typescript');
    const file = ts.readConfigFile(tsConfig.fileName, ts.sys.readFile);
    parsedTsConfig = ts.parseJsonConfigFileContent(file.config, ts.sys, rootDir);
  }
  const previousCwd = process.cwd();
  process.chdir(rootDir);
  let result;
  try {
    result = await cruise(['src'], options, {}, parsedTsConfig ? { tsConfig: parsedTsConfig } : {});
  } finally {
    process.chdir(previousCwd);
  }
  const output = typeof result.output === 'string' ? JSON.parse(result.output) : result.output;

  const violations = [];
  for (const v of output.summary.violations) {
    if (v.rule.severity === 'ignore') continue;
    violations.push(`${v.rule.name}: ${v.from} -> ${v.to}`);
  }
  violations.push(...moduleCycles(output.modules));
  violations.push(...commentsPointOutside(rootDir));

  const knownPath = path.join(rootDir, KNOWN_FILE);
  const known = new Set(fs.existsSync(knownPath) ? JSON.parse(fs.readFileSync(knownPath, 'utf8')) : []);
  const fresh = [...new Set(violations)].filter((v) => !known.has(v)).sort();
  const fixed = [...known].filter((v) => !violations.includes(v)).sort();
  return { violations: [...new Set(violations)].sort(), fresh, fixed, modulesChecked: output.summary.totalCruised };
}

/** Cycles in the graph whose nodes are src/<folder> (top-level files are the composition root, not a module). */
function moduleCycles(modules) {
  const edges = new Map();
  const moduleOf = (file) => {
    const match = /^src\/([^/]+)\//.exec(file);
    return match ? match[1] : null;
  };
  for (const m of modules) {
    const from = moduleOf(m.source);
    if (!from) continue;
    for (const d of m.dependencies) {
      const to = moduleOf(d.resolved);
      if (!to || to === from) continue;
      if (!edges.has(from)) edges.set(from, new Map());
      if (!edges.get(from).has(to)) edges.get(from).set(to, `${m.source} -> ${d.resolved}`);
    }
  }
  // Report each pair of modules that reach each other, with one import of each direction as evidence.
  const reach = (start) => {
    const seen = new Set();
    const stack = [start];
    while (stack.length) {
      const node = stack.pop();
      for (const next of (edges.get(node) ?? new Map()).keys()) {
        if (!seen.has(next)) {
          seen.add(next);
          stack.push(next);
        }
      }
    }
    return seen;
  };
  const found = [];
  const names = [...edges.keys()].sort();
  for (const a of names) {
    const fromA = reach(a);
    for (const b of fromA) {
      if (b <= a) continue;
      if (reach(b).has(a)) found.push(`module-cycle: ${a} <-> ${b}`);
    }
  }
  return found;
}

/** Comments must point into docs/ (the repository explains itself), never at outside documents. */
function commentsPointOutside(rootDir) {
  const pattern = /PRODUCT\.md|API\.md|\bG[0-9]{1,2}\b/;
  const found = [];
  const walk = (dir) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'public') walk(full);
      } else if (entry.name.endsWith('.ts')) {
        const lines = fs.readFileSync(full, 'utf8').split('\n');
        lines.forEach((line, i) => {
          if (pattern.test(line)) found.push(`outside-reference: ${path.relative(rootDir, full)}:${i + 1}`);
        });
      }
    }
  };
  walk(path.join(rootDir, 'src'));
  walk(path.join(rootDir, 'test'));
  return found;
}

module.exports = { checkDependencies };

if (require.main === module) {
  const dirArg = process.argv.slice(2).find((a) => !a.startsWith('--'));
  const rootDir = path.resolve(dirArg ?? path.join(__dirname, '..'));
  const writeBaseline = process.argv.includes('--write-known');
  checkDependencies(rootDir).then(
    ({ violations, fresh, fixed, modulesChecked }) => {
      if (writeBaseline) {
        fs.writeFileSync(path.join(rootDir, KNOWN_FILE), JSON.stringify(violations, null, 2) + '\n');
        console.log(`wrote ${violations.length} known violations to ${KNOWN_FILE}`);
        return;
      }
      for (const v of fresh) console.error(`✖ ${v}`);
      for (const v of fixed) console.error(`✔ no longer violated, remove from ${KNOWN_FILE}: ${v}`);
      if (fresh.length || fixed.length) {
        console.error(`dependency check failed: ${fresh.length} new violation(s), ${fixed.length} stale exception(s)`);
        process.exitCode = 1;
      } else {
        console.log(`dependency check: ${modulesChecked} files, ${violations.length} known exception(s), no new violations`);
      }
    },
    (error) => {
      console.error(error);
      process.exitCode = 2;
    },
  );
}
