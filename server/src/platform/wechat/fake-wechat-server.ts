/**
 * A stand-in for WeChat's API on 127.0.0.1, for tests and the demo: it issues single-use login
 * codes, hands out access tokens, records subscribe messages, and can be told to fail the way
 * WeChat fails (invalid code 40029, rate limit 45011, revoked token 40001) so error paths are
 * exercised through the real HTTP client rather than a mock.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

export interface RecordedSubscribeMessage {
  touser: string;
  template_id: string;
  page?: string;
  data: Record<string, { value: string }>;
}

type Operation = 'code2session' | 'token' | 'subscribeSend';
type Fault = { delayMs: number } | { httpStatus: number } | { hangUp: true };

const OPERATION_OF: Record<string, Operation> = {
  '/sns/jscode2session': 'code2session',
  '/cgi-bin/token': 'token',
  '/cgi-bin/message/subscribe/send': 'subscribeSend',
};

export class FakeWeChatServer {
  readonly appId: string;
  readonly appSecret: string;
  readonly sentMessages: RecordedSubscribeMessage[] = [];
  tokenRequests = 0;
  tokenLifetimeSeconds = 7200;

  private server: http.Server | undefined;
  private readonly codes = new Map<string, { openid: string; unionid?: string; used: boolean }>();
  private readonly validTokens = new Set<string>();
  private readonly scriptedFailures: Array<{ operation: Operation; errcode: number; errmsg: string }> = [];
  private readonly scriptedFaults: Array<{ operation: Operation; fault: Fault }> = [];
  /** How many requests of each operation arrived (answered or not). */
  readonly calls: Record<Operation, number> = { code2session: 0, token: 0, subscribeSend: 0 };

  constructor(options: { appId?: string; appSecret?: string } = {}) {
    this.appId = options.appId ?? 'wx-fake-app';
    this.appSecret = options.appSecret ?? 'fake-secret';
  }

  get apiBase(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('FakeWeChatServer is not listening');
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<this> {
    // A caller that gave up (timed out) aborts its request mid-read: end that exchange quietly.
    this.server = http.createServer((req, res) => void this.handle(req, res).catch(() => res.destroy()));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }

  /** What `wx.login` would give the mini-program of this WeChat user: a fresh single-use code. */
  issueCode(openid: string, unionid?: string): string {
    const code = `code-${randomBytes(8).toString('hex')}`;
    this.codes.set(code, { openid, unionid, used: false });
    return code;
  }

  /** The next call of `operation` answers with this WeChat error instead of succeeding. */
  failNext(operation: Operation, errcode: number, errmsg = 'scripted failure'): void {
    this.scriptedFailures.push({ operation, errcode, errmsg });
  }

  /**
   * The next call of `operation` misbehaves the way a network or an overloaded WeChat does:
   * `{ delayMs }` answers normally but late (slow), `{ httpStatus }` answers an HTTP error page
   * without JSON (a gateway in front of WeChat failing), `{ hangUp: true }` drops the connection.
   */
  faultNext(operation: Operation, fault: Fault): void {
    this.scriptedFaults.push({ operation, fault });
  }

  /** As if the token had been refreshed elsewhere: every token handed out so far stops working. */
  revokeTokens(): void {
    this.validTokens.clear();
  }

  private takeScriptedFailure(operation: Operation) {
    const index = this.scriptedFailures.findIndex((f) => f.operation === operation);
    return index === -1 ? undefined : this.scriptedFailures.splice(index, 1)[0];
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const q = url.searchParams;
    const answer = (body: object) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const fail = (errcode: number, errmsg: string) => answer({ errcode, errmsg });

    const operation = OPERATION_OF[url.pathname];
    if (operation) {
      this.calls[operation]++;
      const index = this.scriptedFaults.findIndex((f) => f.operation === operation);
      const fault = index === -1 ? undefined : this.scriptedFaults.splice(index, 1)[0].fault;
      if (fault && 'hangUp' in fault) return void req.socket.destroy();
      if (fault && 'httpStatus' in fault) {
        res.writeHead(fault.httpStatus, { 'content-type': 'text/html' });
        return void res.end('<html><body>502 Bad Gateway</body></html>');
      }
      if (fault) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    }

    if (req.method === 'GET' && url.pathname === '/sns/jscode2session') {
      const scripted = this.takeScriptedFailure('code2session');
      if (scripted) return fail(scripted.errcode, scripted.errmsg);
      if (q.get('appid') !== this.appId || q.get('secret') !== this.appSecret)
        return fail(40013, 'invalid appid');
      const entry = this.codes.get(q.get('js_code') ?? '');
      if (!entry) return fail(40029, 'invalid code');
      if (entry.used) return fail(40163, 'code been used');
      entry.used = true;
      return answer({
        openid: entry.openid,
        session_key: randomBytes(16).toString('base64'),
        ...(entry.unionid ? { unionid: entry.unionid } : {}),
      });
    }

    if (req.method === 'GET' && url.pathname === '/cgi-bin/token') {
      this.tokenRequests++;
      const scripted = this.takeScriptedFailure('token');
      if (scripted) return fail(scripted.errcode, scripted.errmsg);
      if (q.get('appid') !== this.appId || q.get('secret') !== this.appSecret)
        return fail(40001, 'invalid credential');
      const token = `token-${randomBytes(12).toString('hex')}`;
      this.validTokens.add(token);
      return answer({ access_token: token, expires_in: this.tokenLifetimeSeconds });
    }

    if (req.method === 'POST' && url.pathname === '/cgi-bin/message/subscribe/send') {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      if (!this.validTokens.has(q.get('access_token') ?? ''))
        return fail(40001, 'invalid credential, access_token is invalid');
      const scripted = this.takeScriptedFailure('subscribeSend');
      if (scripted) return fail(scripted.errcode, scripted.errmsg);
      this.sentMessages.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as RecordedSubscribeMessage);
      return answer({ errcode: 0, errmsg: 'ok' });
    }

    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ errcode: 404, errmsg: 'no such api' }));
  }
}
