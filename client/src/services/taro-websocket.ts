/**
 * socket.io in the mini-program: WeChat has no browser WebSocket, so engine.io's websocket
 * transport is given a WebSocket-shaped object over Taro.connectSocket's SocketTask. Pass the
 * class in socket.io-client's `transports` (supported since 4.8).
 */
import Taro from '@tarojs/taro';
// socket.io-client re-exports this class in its ESM build only; engine.io-client has it everywhere.
import { WebSocket as WebSocketTransport } from 'engine.io-client';

type Data = string | ArrayBuffer;

/** The browser WebSocket surface engine.io's transport drives, backed by a SocketTask. */
export class SocketTaskAdapter {
  binaryType = 'arraybuffer';
  onopen: (() => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onmessage: ((event: { data: Data }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  private task: Taro.SocketTask | null = null;
  private closed = false;

  constructor(url: string) {
    Taro.connectSocket({ url }).then(
      (task) => {
        this.task = task;
        task.onOpen(() => this.onopen?.());
        task.onMessage((message: { data: Data }) => this.onmessage?.({ data: message.data }));
        task.onError((error) => this.onerror?.(error));
        task.onClose((event) => this.onclose?.({ code: event.code, reason: event.reason }));
        // Closed before the task existed: close it now.
        if (this.closed) task.close({});
      },
      (error: unknown) => {
        this.onerror?.(error);
        this.onclose?.({ code: 1006, reason: 'connectSocket failed' });
      },
    );
  }

  send(data: Data): void {
    this.task?.send({ data });
  }

  close(): void {
    this.closed = true;
    this.task?.close({});
  }
}

export class TaroWebSocket extends WebSocketTransport {
  override createSocket(uri: string): SocketTaskAdapter {
    return new SocketTaskAdapter(uri);
  }
}
