import * as api from './index';

/**
 * The storage module's public surface (docs/architecture.md#public-surfaces), seen only through its
 * entry file: changing these lists is a deliberate API change.
 */
describe('storage public API', () => {
  const methods = (type: abstract new (...args: never[]) => unknown) => Object.getOwnPropertyNames(type.prototype).filter((name) => name !== 'constructor').sort();

  it('exports exactly these names', () => {
    expect(Object.keys(api).sort()).toEqual(['FilesController', 'SignedFileStore', 'StoredFileEntity', 'StoredFilesService', 'classifyAddress', 'normalizeHost']);
  });

  it('the stored-files facade offers list, open and retry', () => {
    expect(methods(api.StoredFilesService)).toEqual(['list', 'open', 'retry']);
  });

  it('classifies addresses as the downloader and the outbound sender do (only public unicast is reachable)', () => {
    expect(api.classifyAddress('93.184.216.34')).toBe('public');
    expect(api.classifyAddress('127.0.0.1')).toBe('loopback');
    expect(api.classifyAddress('10.1.2.3')).toBe('private');
    expect(api.classifyAddress('169.254.169.254')).toBe('linkLocal');
    expect(api.classifyAddress('::ffff:127.0.0.1')).toBe('loopback');
    expect(api.classifyAddress('not-an-ip')).toBe('invalid');
    expect(api.normalizeHost(' [::1] ')).toBe('::1');
    expect(api.normalizeHost('Files.Example.COM.')).toBe('files.example.com');
  });
});
