import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

// Proves the module boundary check (npm run deps:check, docs/architecture.md#boundaries) bites: it is fed
// small source trees with one deliberate violation each and must fail, and a tree without one must pass.
const run = promisify(execFile);
const script = join(__dirname, '..', 'scripts', 'check-dependencies.js');

async function check(files: Record<string, string>): Promise<{ code: number; output: string }> {
  const root = mkdtempSync(join(tmpdir(), 'deps-check-'));
  try {
    for (const [file, content] of Object.entries(files)) {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      writeFileSync(join(root, file), content);
    }
    try {
      const { stdout, stderr } = await run(process.execPath, [script, root]);
      return { code: 0, output: stdout + stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, output: failed.stdout + failed.stderr };
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const cleanTree = {
  'src/storage/index.ts': "export { StoredFiles } from './stored-files';\n",
  'src/storage/stored-files.ts': 'export class StoredFiles {}\n',
  'src/storage/storage.module.ts': "import { StoredFiles } from './stored-files';\nexport const StorageModule = { StoredFiles };\n",
  'src/signing-processes/domain/process.ts': 'export class Process {}\n',
  'src/signing-processes/index.ts': "export { Process } from './domain/process';\n",
  'src/webhooks/receiver.ts':
    "import { StoredFiles } from '../storage';\nimport { StorageModule } from '../storage/storage.module';\nimport { Process } from '../signing-processes';\n" +
    '// see docs/architecture.md\nexport const used = [StoredFiles, StorageModule, Process];\n',
};

describe('module boundary check', () => {
  it('passes a tree whose modules only use each other through entry files and Nest modules', async () => {
    const result = await check(cleanTree);
    expect(result.output).toContain('no new violations');
    expect(result.code).toBe(0);
  });

  it("fails when a module imports another feature module's internals", async () => {
    const result = await check({
      ...cleanTree,
      'src/webhooks/reader.ts': "import { StoredFiles } from '../storage/stored-files';\nexport const r = StoredFiles;\n",
    });
    expect(result.code).toBe(1);
    expect(result.output).toContain('feature-internals: src/webhooks/reader.ts -> src/storage/stored-files.ts');
  });

  it('fails when the composition root imports a feature module internal', async () => {
    const result = await check({ ...cleanTree, 'src/app.module.ts': "import { Process } from './signing-processes/domain/process';\nexport const p = Process;\n" });
    expect(result.code).toBe(1);
    expect(result.output).toContain('root-uses-entry-files: src/app.module.ts -> src/signing-processes/domain/process.ts');
  });

  it('fails when two modules depend on each other, even through their entry files', async () => {
    const result = await check({
      ...cleanTree,
      'src/storage/stored-files.ts': "import { used } from '../webhooks/receiver';\nexport class StoredFiles {}\nexport const again = used;\n",
      'src/webhooks/index.ts': "export { used } from './receiver';\n",
      'src/storage/uses-webhooks.ts': "import { used } from '../webhooks';\nexport const u = used;\n",
    });
    expect(result.code).toBe(1);
    expect(result.output).toContain('module-cycle: storage <-> webhooks');
  });

  it('fails when a domain/ file imports infrastructure/ or api/ code', async () => {
    const result = await check({
      ...cleanTree,
      'src/signing-processes/infrastructure/row.ts': 'export class Row {}\n',
      'src/signing-processes/domain/process.ts': "import { Row } from '../infrastructure/row';\nexport class Process {}\nexport const r = Row;\n",
    });
    expect(result.code).toBe(1);
    expect(result.output).toContain('domain-purity: src/signing-processes/domain/process.ts -> src/signing-processes/infrastructure/row.ts');
  });

  it('fails when a comment points at a document outside the repository', async () => {
    const outsideDocument = ['API', 'md'].join('.'); // spelled apart so this file does not trip the check itself
    const result = await check({ ...cleanTree, 'src/storage/stored-files.ts': `// as ${outsideDocument} says\nexport class StoredFiles {}\n` });
    expect(result.code).toBe(1);
    expect(result.output).toContain('outside-reference: src/storage/stored-files.ts:1');
  });
});
