/**
 * The in-process domain event bus. Services announce what happened after the write succeeded
 * (`membership.decided`, `notice.published`); subscribers (realtime delivery, WeChat subscribe
 * messages, other modules) react. Services never import socket.io or the WeChat client.
 *
 * The event map is a type parameter, so each emit and each handler is checked against the payload
 * the event carries. A failing subscriber is logged and never fails the emitter: the write it
 * announces has already happened, and one broken listener must not hide it from the others.
 */
import type { Logger } from './logger';

export type EventHandler<P> = (payload: P) => void | Promise<void>;

export class EventBus<Events extends { [K in keyof Events]: object }> {
  private readonly handlers = new Map<keyof Events, EventHandler<never>[]>();
  private readonly pending = new Set<Promise<unknown>>();

  constructor(private readonly logger: Pick<Logger, 'error'>) {}

  on<K extends keyof Events>(name: K, handler: EventHandler<Events[K]>): () => void {
    const list = this.handlers.get(name) ?? [];
    list.push(handler as EventHandler<never>);
    this.handlers.set(name, list);
    return () => {
      const current = this.handlers.get(name) ?? [];
      this.handlers.set(
        name,
        current.filter((h) => h !== handler),
      );
    };
  }

  /**
   * Runs every handler of `name`. Returns when they have all settled, for callers (and tests)
   * that want to wait; a service normally does not await it.
   */
  emit<K extends keyof Events>(name: K, payload: Events[K]): Promise<void> {
    const list = (this.handlers.get(name) ?? []) as EventHandler<Events[K]>[];
    const runs = list.map(async (handler) => {
      try {
        await handler(payload);
      } catch (err) {
        this.logger.error({ err, event: String(name) }, 'domain event handler failed');
      }
    });
    const all = Promise.all(runs).then(() => undefined);
    this.pending.add(all);
    void all.finally(() => this.pending.delete(all));
    return all;
  }

  /** Waits for every handler started so far: used at shutdown and in tests. */
  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}
