/**
 * Why a download or a stored file was rejected. `retryable` says whether trying the same source
 * again may help (timeouts, connection errors, 5xx, 429); the rest go straight to the next source
 * (link → Base64 → API). Messages never carry URL query strings (download tokens).
 */
export abstract class FileTransferError extends Error {
  abstract readonly code: string;
  abstract readonly retryable: boolean;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The host is not in DOWNLOAD_ALLOWED_HOSTS, or it resolved to an address the entry does not allow. */
export class DownloadBlockedError extends FileTransferError {
  readonly code = 'DOWNLOAD.BLOCKED';
  readonly retryable = false;
}

export class DownloadTimeoutError extends FileTransferError {
  readonly code = 'DOWNLOAD.TIMEOUT';
  readonly retryable = true;
}

/** The connection failed or broke (reset, refused, DNS failure…). */
export class DownloadNetworkError extends FileTransferError {
  readonly code = 'DOWNLOAD.NETWORK';
  readonly retryable = true;
}

/** A final answer other than 200. 403/404 mean the link expired or is gone: fall back to the API. */
export class DownloadHttpError extends FileTransferError {
  readonly code = 'DOWNLOAD.HTTP_STATUS';
  readonly retryable: boolean;
  readonly linkGone: boolean;

  constructor(readonly status: number) {
    super(`The file server answered HTTP ${status}`);
    this.linkGone = status === 403 || status === 404 || status === 410;
    this.retryable = status === 408 || status === 429 || status >= 500;
  }
}

export class TooManyRedirectsError extends FileTransferError {
  readonly code = 'DOWNLOAD.TOO_MANY_REDIRECTS';
  readonly retryable = false;
}

export class FileTooLargeError extends FileTransferError {
  readonly code = 'FILE.TOO_LARGE';
  readonly retryable = false;

  constructor(readonly maxBytes: number) {
    super(`The file is larger than the ${maxBytes}-byte limit`);
  }
}

/** The content does not start with `%PDF-`. */
export class NotPdfError extends FileTransferError {
  readonly code = 'FILE.NOT_PDF';
  readonly retryable = false;

  constructor() {
    super('The file is not a PDF (it does not start with %PDF-)');
  }
}

/** A URL without its query string and fragment, for logs and error messages (tokens stay out). */
export function redactUrl(url: string | URL): string {
  try {
    const parsed = new URL(String(url));
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

export class NotAcceptedUploadError extends FileTransferError {
  readonly code = 'FILE.NOT_ACCEPTED';
  readonly retryable = false;

  constructor() {
    super('The upload is not a PDF, PNG or JPEG');
  }
}
