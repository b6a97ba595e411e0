import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConsoleAssets } from './console-assets';

describe('console assets', () => {
  const assets = loadConsoleAssets();

  it('serves the page, its stylesheet and ES modules, each with its content type', () => {
    expect(assets.get('index.html')?.contentType).toBe('text/html; charset=utf-8');
    expect(assets.get('console.css')?.contentType).toBe('text/css; charset=utf-8');
    expect(assets.get('app.js')?.contentType).toBe('text/javascript; charset=utf-8');
  });

  it('loads nothing from another origin', () => {
    for (const [name, asset] of assets) expect({ name, external: /(src|href)=["']?(https?:)?\/\//i.test(asset.body.toString()) || /import .* from ['"]https?:/.test(asset.body.toString()) }).toEqual({ name, external: false });
  });

  it.each([...loadConsoleAssets().keys()].filter((name) => name.endsWith('.js')))('%s is valid ES module syntax', (name) => {
    const source = readFileSync(join(__dirname, 'public', name));
    expect(() => execFileSync(process.execPath, ['--check', '--input-type=module'], { input: source, stdio: ['pipe', 'pipe', 'pipe'] })).not.toThrow();
  });
});
