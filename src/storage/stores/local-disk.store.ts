import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertValidKey, SignedFileStore, StoredObjectMissingError } from '../signed-file-store.port';

/** Prefix of in-progress files; never a valid key (keys start with [a-z0-9]). */
export const TEMP_PREFIX = '.tmp-';

/**
 * Files under a directory (default `DATA_DIR/files`). A write goes to a temporary file in the
 * target's own directory, is fsynced, then renamed over the target (atomic on one filesystem), and
 * the directory is fsynced so the rename survives a crash. A failed write removes its temp file.
 */
export class LocalDiskSignedFileStore extends SignedFileStore {
  readonly driver = 'local' as const;
  private readonly root: string;

  constructor(directory: string) {
    super();
    this.root = resolve(directory);
  }

  async put(key: string, content: Readable): Promise<void> {
    const target = this.path(key);
    const directory = dirname(target);
    await mkdir(directory, { recursive: true, mode: 0o750 });
    const temp = join(directory, `${TEMP_PREFIX}${randomUUID()}`);
    try {
      // `flush`: fsync before close, so the bytes are on disk before the rename makes them visible.
      await pipeline(content, createWriteStream(temp, { flags: 'wx', mode: 0o640, flush: true }));
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true }).catch(() => undefined);
      throw error;
    }
    await fsyncDirectory(directory);
  }

  async get(key: string): Promise<Readable> {
    const path = this.path(key);
    try {
      const handle = await open(path, 'r');
      return handle.createReadStream();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new StoredObjectMissingError(key);
      throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.path(key))).isFile();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  private path(key: string): string {
    assertValidKey(key);
    const path = resolve(this.root, ...key.split('/'));
    if (!path.startsWith(this.root + sep)) throw new Error(`Invalid storage key: ${JSON.stringify(key)}`);
    return path;
  }
}

async function fsyncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } catch (error) {
    // Some filesystems refuse fsync on a directory; the rename itself is still atomic.
    if (!['EINVAL', 'EISDIR', 'EPERM'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
  } finally {
    await handle.close();
  }
}
