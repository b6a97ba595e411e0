import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';

/** Node's HTTP parser codes worth their own status; anything else is a 400. */
const STATUS_BY_PARSER_CODE: Record<string, [number, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'REQUEST.HEADERS_TOO_LARGE'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'REQUEST.TIMEOUT'],
};

/**
 * Requests Node's HTTP parser rejects (malformed framing: a broken chunk, an invalid header or
 * Content-Length) never reach Express. Node would answer a bare `400 Bad Request`; this answers
 * the one error body with a correlation id and logs one line (docs/hostile-input.md).
 */
export function answerClientErrors(server: Server, logger: Logger): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const inFlight = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const [statusCode, code] = STATUS_BY_PARSER_CODE[error.code ?? ''] ?? [400, 'REQUEST.MALFORMED_FRAMING'];
    const correlationId = randomUUID();
    const body = JSON.stringify({ statusCode, code, message: 'The request could not be parsed as HTTP', correlationId });
    logger.warn({ correlationId, statusCode, code, parserCode: error.code }, 'Request refused');
    socket.end(
      `HTTP/1.1 ${statusCode} ${statusCode === 431 ? 'Request Header Fields Too Large' : statusCode === 408 ? 'Request Timeout' : 'Bad Request'}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${correlationId}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
