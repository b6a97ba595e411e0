import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const REPO = resolve(__dirname, '../../..');
const EXAMPLE = join(REPO, 'examples/host-app');

export interface InstalledExample {
  /** The example's copy, with the packed tarball installed in its node_modules. */
  dir: string;
  tarball: string;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  try {
    return execFileSync(command, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stdout ?? ''}\n${stderr ?? ''}`);
  }
}

/**
 * As a consumer gets the package: `npm pack` of the built repository (npm test builds it first),
 * then a copy of examples/host-app that installs that tarball like any dependency (npm's cache
 * makes the install offline-fast), then the example's own `tsc --strict` build.
 * EXAMPLE_HOST_DIR reuses one installation across runs (scripts/node-lines.sh sets it).
 */
export function installExample(): InstalledExample {
  if (!existsSync(join(REPO, 'dist/src/index.d.ts'))) throw new Error('dist/src/index.d.ts is missing: `npm run build` first (npm test does)');
  const root = process.env.EXAMPLE_HOST_DIR ?? join(tmpdir(), `arqsign-example-host-${process.pid}`);
  const dir = join(root, 'host-app');
  const packDir = join(root, 'pack');
  const marker = join(root, 'installed-from');
  mkdirSync(packDir, { recursive: true });
  const packed = JSON.parse(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', packDir], REPO)) as { filename: string; integrity: string }[];
  const tarball = join(packDir, packed[0].filename);
  if (existsSync(marker) && readFileSync(marker, 'utf8') === packed[0].integrity && existsSync(join(dir, 'dist/main.js'))) return { dir, tarball };

  cpSync(EXAMPLE, dir, { recursive: true, filter: (source) => !/[\\/](node_modules|dist)$/.test(source) });
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  manifest.dependencies['arqsign-bridge'] = `file:${tarball}`;
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  // A previous installation of the same version would be kept as it is: take the new tarball.
  rmSync(join(dir, 'node_modules/arqsign-bridge'), { recursive: true, force: true });
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock'], dir);
  // The example's build: its own tsconfig (strict, no path mapping), against the package's declarations.
  run(process.execPath, [join(dir, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], dir);
  writeFileSync(marker, packed[0].integrity);
  return { dir, tarball };
}

/** Where the example resolves `arqsign-bridge` from: a real installed copy, not a link into the repository. */
export function resolvedPackage(dir: string): { entry: string; types: string; isLink: boolean } {
  const installed = join(dir, 'node_modules/arqsign-bridge');
  const entry = require.resolve('arqsign-bridge', { paths: [dir] });
  const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { types: string };
  return { entry: realpathSync(entry), types: join(installed, manifest.types), isLink: lstatSync(installed).isSymbolicLink() };
}
