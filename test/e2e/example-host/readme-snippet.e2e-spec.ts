import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const REPO = resolve(__dirname, '../../..');

/** The README's "Embedding" code block is the example host's module, verbatim. */
describe('README embedding snippet', () => {
  it('matches the `embedding` region of examples/host-app/src/app.module.ts', () => {
    const readme = readFileSync(resolve(REPO, 'README.md'), 'utf8');
    const source = readFileSync(resolve(REPO, 'examples/host-app/src/app.module.ts'), 'utf8');
    const snippet = /<!-- embedding-snippet:start -->\n```ts\n([\s\S]*?)\n```\n<!-- embedding-snippet:end -->/.exec(readme)?.[1];
    const region = /\/\/ #region embedding[^\n]*\n([\s\S]*?)\n\/\/ #endregion embedding/.exec(source)?.[1];
    expect(region).toContain('SigningModule.forRootAsync');
    expect(snippet).toBe(region);
  });
});
