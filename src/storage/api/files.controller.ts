import { StoredFileKind } from '../stored-file.entity';
import { Controller, Get, HttpCode, Param, Post, Res, StreamableFile } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiClientName } from '../../auth/api-client.decorator';
import { ApiKeyProtected } from '../../auth/api-key.auth';
import { ApiErrors, NOT_FOUND } from '../../shared/http/api-error-responses';
import { ProcessResponse, toProcessResponse } from '../../signing-processes';
import { StoredFile } from '../stored-file.repository';
import { StoredFilesService } from '../stored-files.service';
import { contentDisposition } from './content-disposition';
import { StoredFileListResponse, StoredFileResponse } from './dto/stored-file.response';

const ID = ApiParam({ name: 'id', description: 'Process id (ours)' });
const FILE_ID = ApiParam({ name: 'fileId', description: 'Stored file id (from the file list)' });

/** `/v1/processes/{id}/files` and the archive retry (docs/behaviour.md#rest-api). Only delegates. */
@ApiTags('files')
@ApiKeyProtected()
@Controller('v1/processes/:id')
export class FilesController {
  constructor(private readonly files: StoredFilesService) {}

  @Get('files')
  @ID
  @ApiOperation({ operationId: 'listProcessFiles', summary: 'The archived files of a process', description: 'Every signed document and signature record stored so far, with size and SHA-256, plus the archive status.' })
  @ApiOkResponse({ type: StoredFileListResponse })
  @ApiErrors({ 404: NOT_FOUND })
  async list(@ApiClientName() clientName: string, @Param('id') id: string): Promise<StoredFileListResponse> {
    const { process, files } = await this.files.list(clientName, id);
    return { processId: process.id, archive: process.archive, items: files.map(toStoredFileResponse) };
  }

  @Get('files/:fileId')
  @ID
  @FILE_ID
  @ApiOperation({
    operationId: 'downloadProcessFile',
    summary: 'Download one archived file',
    description: 'Streams the PDF (`Content-Disposition: attachment` with an RFC 6266 `filename*`). `ETag` and `Repr-Digest` carry its SHA-256.',
  })
  @ApiOkResponse({
    description: 'The PDF; a signer attachment (kind SIGNER_ATTACHMENT) is a PDF, PNG or JPEG',
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } }, 'image/png': { schema: { type: 'string', format: 'binary' } }, 'image/jpeg': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiErrors({ 404: `${NOT_FOUND}; \`STORAGE.FILE_NOT_FOUND\`: no such file in this process`, 503: '`STORAGE.FILE_UNAVAILABLE`: the storage cannot serve it right now' })
  async download(
    @ApiClientName() clientName: string,
    @Param('id') id: string,
    @Param('fileId') fileId: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const { file, content } = await this.files.open(clientName, id, fileId);
    response.setHeader('ETag', `"${file.sha256}"`);
    response.setHeader('Repr-Digest', `sha-256=:${Buffer.from(file.sha256, 'hex').toString('base64')}:`);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Cache-Control', 'private, no-store');
    const upload = file.kind === StoredFileKind.SIGNER_ATTACHMENT ? uploadType(file.fileName) : undefined;
    return new StreamableFile(content, { type: upload?.type ?? 'application/pdf', length: file.size, disposition: contentDisposition(file.fileName, upload?.extension) });
  }

  @Post('archive/retry')
  @HttpCode(202)
  @ID
  @ApiOperation({ operationId: 'retryProcessArchive', summary: 'Retry a FAILED archive', description: 'The archive goes back to PENDING and the archive job runs again (already stored files are kept). Answers at once; follow `archive.status`.' })
  @ApiAcceptedResponse({ type: ProcessResponse })
  @ApiErrors({ 404: NOT_FOUND, 409: '`SIGNING_PROCESS.ARCHIVE_INVALID_TRANSITION`: the process is not COMPLETED, or its archive is not FAILED' })
  async retry(@ApiClientName() clientName: string, @Param('id') id: string): Promise<ProcessResponse> {
    return toProcessResponse(await this.files.retry(clientName, id));
  }
}

/** A signer's upload is served as what it was stored as (its extension was set from its bytes). */
function uploadType(fileName: string): { type: string; extension: string } {
  if (/\.png$/i.test(fileName)) return { type: 'image/png', extension: '.png' };
  if (/\.jpe?g$/i.test(fileName)) return { type: 'image/jpeg', extension: '.jpg' };
  return { type: 'application/pdf', extension: '.pdf' };
}

function toStoredFileResponse(file: StoredFile): StoredFileResponse {
  return {
    id: file.id,
    kind: file.kind,
    documentOrder: file.documentOrder,
    fileName: file.fileName,
    size: file.size,
    sha256: file.sha256,
    arqsignDocumentId: file.arqsignDocumentId,
    source: file.source,
    storedAt: file.createdAt.toISOString(),
  };
}
