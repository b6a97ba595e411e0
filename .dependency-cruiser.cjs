// Module boundaries (docs/architecture.md#boundaries). Checked by `npm run deps:check`, part of `npm test`.
// Feature modules expose their Nest module (`<name>.module.ts`) and ONE entry file (`index.ts`); nothing
// outside a feature module may import anything else inside it. Cycles between modules are checked by
// scripts/check-dependencies.js on the module graph (a file-level `circular` rule would miss them).
const FEATURES = '(arqsign-client|webhooks|signing-processes|storage|reconciliation|notifications)';
const PUBLIC = [`^src/${FEATURES}/index\\.ts$`, `^src/${FEATURES}/[^/]+\\.module\\.ts$`];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'feature-internals',
      comment:
        'Another module imported a feature module\'s internals. Import its entry file (src/<module>/index.ts) ' +
        'or its Nest module instead, or add what you need to that entry file (docs/architecture.md#boundaries).',
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: {
        path: `^src/${FEATURES}/`,
        pathNot: ['^src/$1/', ...PUBLIC],
      },
    },
    {
      name: 'root-uses-entry-files',
      comment: 'The composition root (src/*.ts) also goes through the entry file or the Nest module.',
      severity: 'error',
      from: { path: '^src/[^/]+\\.ts$' },
      to: { path: `^src/${FEATURES}/`, pathNot: PUBLIC },
    },
    {
      name: 'domain-purity',
      comment: 'A domain/ file imported infrastructure/ or api/ code; the domain depends on nothing outward.',
      severity: 'error',
      from: { path: '^src/.*/domain/' },
      to: { path: ['/infrastructure/', '/api/'] },
    },
    {
      name: 'no-file-cycles',
      comment: 'Files import each other in a cycle.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Tests and test helpers may reach into the module they test; only production code is checked.
    exclude: { path: ['\\.spec\\.ts$', '/testing/', '^src/console/public/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
