// `npm run openapi`: writes openapi/openapi.json from the app's own decorators (never edited by hand).
// Builds the app in Nest's preview mode: modules are scanned, nothing is instantiated, so no database,
// simulator or network is needed. test/e2e/openapi checks that the committed file is up to date.
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { produceOpenApiJson } from '../src/openapi';

async function main(): Promise<void> {
  const file = join(__dirname, '..', 'openapi', 'openapi.json');
  writeFileSync(file, await produceOpenApiJson());
  process.stdout.write(`Wrote ${file}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
