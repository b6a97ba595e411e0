/**
 * The public surface of the storage module (docs/architecture.md#public-surfaces): the file store port and its
 * factory, the stored-files queries, the table it owns and the controller the composition root mounts.
 */
export { SignedFileStore } from './signed-file-store.port';
export { StoredFilesService } from './stored-files.service';
export { StoredFileEntity } from './stored-file.entity';
export { FilesController } from './api/files.controller';
// Address rules shared with the outbound webhook sender (no request to private/loopback/link-local).
export { classifyAddress, normalizeHost } from './download/allowed-hosts';
