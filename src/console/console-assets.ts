import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export interface ConsoleAsset {
  body: Buffer;
  contentType: string;
}

/**
 * The console's files, read once at start from `public/` (next to this file, in src/ and dist/).
 * Only these names are ever served: a request path is a key lookup, never a file-system path.
 */
export function loadConsoleAssets(directory = join(__dirname, 'public')): Map<string, ConsoleAsset> {
  const assets = new Map<string, ConsoleAsset>();
  for (const name of readdirSync(directory)) {
    const contentType = CONTENT_TYPES[extname(name)];
    if (contentType) assets.set(name, { body: readFileSync(join(directory, name)), contentType });
  }
  return assets;
}
