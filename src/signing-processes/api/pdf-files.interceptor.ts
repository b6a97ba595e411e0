import { CallHandler, ExecutionContext, HttpException, Injectable } from '@nestjs/common';
import { FilesInterceptor } from '@nestjs/platform-express';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { RequestValidationError } from '../../shared/errors/domain-error';
import { SEND_LIMITS } from '../domain/process-rules';

/** Room for the `process` part and part headers on top of 100 MB of PDFs. */
const MULTIPART_OVERHEAD = 2 * 1024 * 1024;

const MULTER_OPTIONS = {
  limits: { files: SEND_LIMITS.maxDocuments, fileSize: SEND_LIMITS.maxTotalBytes, fields: 10, fieldSize: 1024 * 1024 },
  defParamCharset: 'utf8', // file names as UTF-8 (multer's default is latin1)
  // The name as sent (`../../etc/passwd`), so it meets the same file-name rules as a JSON one
  // instead of being silently cut to its last segment.
  preservePath: true,
};

/** Multer's limit errors, as 400s that name the `files` field. */
const MESSAGES: Record<string, string> = {
  'Too many files': `at most ${SEND_LIMITS.maxDocuments} PDFs per process`,
  'File too large': 'PDFs must not exceed 100 MB in total',
  'Unexpected field': 'PDFs must be sent as "files" parts',
};

/**
 * Reads the `files` parts of a multipart `POST /v1/processes` into memory (a JSON request passes
 * through untouched).
 */
@Injectable()
export class PdfFilesInterceptor extends FilesInterceptor('files', SEND_LIMITS.maxDocuments, MULTER_OPTIONS) {
  override async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    // Multer caps each file, not their sum: refuse an announced oversize body before reading it.
    const request = context.switchToHttp().getRequest<Request>();
    const declared = Number(request.headers['content-length']);
    if (request.is('multipart/form-data') && declared > SEND_LIMITS.maxTotalBytes + MULTIPART_OVERHEAD) throw new RequestValidationError([{ field: 'files', problem: MESSAGES['File too large'] }]);
    try {
      return await super.intercept(context, next);
    } catch (error) {
      const message = error instanceof HttpException ? MESSAGES[error.message] : undefined;
      if (message) throw new RequestValidationError([{ field: 'files', problem: message }]);
      throw error;
    }
  }
}
