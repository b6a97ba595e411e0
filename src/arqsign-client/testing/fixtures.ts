import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Copies of the synthetic examples of `arqsign/API.md` (shared/arqsign/examples), kept here so the
 * tests do not depend on a path outside the repository.
 */
export function loadFixture(name: string): unknown {
  return JSON.parse(readFileSync(join(__dirname, 'fixtures', name), 'utf8')) as unknown;
}
