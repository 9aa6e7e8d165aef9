/**
 * Requests Node's HTTP parser refuses before Koa sees them — a URL or headers past the size
 * limit, a request line that is not HTTP — get the one error shape too. Node's own answer is a
 * bare "431" or "400" with no body, which a client cannot show to a person.
 */
import { randomUUID } from 'node:crypto';
import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { ErrorCode } from '@linli/shared';
import { renderError } from './error-middleware';
import { AppError, BadRequest } from './errors';
import type { Logger } from './logger';

export function answerClientErrors(server: Server, logger: Logger): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    // A peer that went away, or a response already under way: nothing sensible can be written.
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const error =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? new AppError(ErrorCode.REQUEST_HEADERS_TOO_LARGE, 'request line or headers too large')
        : BadRequest({ 'zh-CN': '请求格式不正确', en: 'the request is malformed' });
    const requestId = randomUUID();
    logger.info({ code: err.code, requestId, status: error.status }, 'request refused by the HTTP parser');
    // The headers could not be read, so there is no Accept-Language: the default language answers.
    const body = JSON.stringify(renderError(error, 'zh-CN', requestId));
    socket.end(
      [
        `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? ''}`,
        'Content-Type: application/json; charset=utf-8',
        `Content-Length: ${Buffer.byteLength(body)}`,
        `X-Request-Id: ${requestId}`,
        'Connection: close',
        '',
        body,
      ].join('\r\n'),
    );
  });
}
