import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The synthetic examples of the ArqSIGN contract summarised in docs/arqsign.md, copied once into the
 * repository so the tests do not depend on a path outside it. Every test reads them from here.
 */
export const ARQSIGN_EXAMPLES_DIR = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'arqsign-examples');

export function loadFixture(name: string): unknown {
  return JSON.parse(readFileSync(join(ARQSIGN_EXAMPLES_DIR, name), 'utf8')) as unknown;
}
