import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { answerClientErrors } from './client-errors';
import { captureLogger } from './testing';

/** Raw HTTP, since a well-behaved client would not send these requests. */
function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.end(text));
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('requests the HTTP parser refuses', () => {
  let server: http.Server;
  let port: number;
  beforeAll(async () => {
    server = http.createServer((_req, res) => res.end('handled'));
    answerClientErrors(server, captureLogger().logger);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('answers a 100 kB query string with 431 and the error shape, not an empty body', async () => {
    const answer = await rawRequest(
      port,
      `GET /api/v1/notices?page=${'x'.repeat(100_000)} HTTP/1.1\r\nHost: a\r\n\r\n`,
    );
    const [head, body] = answer.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 431 /);
    expect(head).toMatch(/content-type: application\/json/i);
    const requestId = /x-request-id: (\S+)/i.exec(head)?.[1];
    expect(JSON.parse(body)).toEqual({
      error: { code: 'REQUEST_HEADERS_TOO_LARGE', message: expect.stringContaining('太长'), requestId },
    });
  });

  it('answers a request line that is not HTTP with 400 and the error shape', async () => {
    const answer = await rawRequest(port, 'HELLO\r\n\r\n');
    const [head, body] = answer.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(body).error.code).toBe('BAD_REQUEST');
  });
});
