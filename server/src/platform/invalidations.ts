/**
 * Dropping what an instance keeps in memory (the actor cache) the moment the record behind it
 * changes, on this instance and on every other one. Without REDIS_URL there is one instance and a
 * drop is a function call; with it, drops also go out on one Redis pub/sub channel.
 *
 * A cache asks `live()` before serving from memory: while this instance's subscription is down
 * (Redis stopped) drops from other instances cannot reach it, so it must read records again rather
 * than trust what it kept. When the subscription comes back every topic is dropped whole, since
 * the drops sent meanwhile were lost.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from './logger';
import { closeRedisClients, destroyRedisClients, redisClient } from './redis';

/** `key` undefined: everything of the topic. */
export type Drop = (key: string | undefined) => void;

export interface Invalidations {
  /**
   * Drops `key` of `topic` here at once (before this returns) and, with Redis, on every instance.
   * Resolves once Redis has taken the message (it hands it to every subscriber before answering),
   * so a write that awaits it answers only after the others have been told; never rejects.
   */
  publish(topic: string, key: string): Promise<void>;
  subscribe(topic: string, drop: Drop): void;
  /** Whether drops from other instances reach this one now. */
  live(): boolean;
  close(): Promise<void>;
}

class Subscribers {
  private readonly byTopic = new Map<string, Drop[]>();
  add(topic: string, drop: Drop) {
    this.byTopic.set(topic, [...(this.byTopic.get(topic) ?? []), drop]);
  }
  drop(topic: string, key: string | undefined) {
    for (const drop of this.byTopic.get(topic) ?? []) drop(key);
  }
  dropEverything() {
    for (const [topic] of this.byTopic) this.drop(topic, undefined);
  }
}

/** One instance: nothing to tell anyone else. */
export function localInvalidations(): Invalidations {
  const subscribers = new Subscribers();
  return {
    publish: (topic, key) => {
      subscribers.drop(topic, key);
      return Promise.resolve();
    },
    subscribe: (topic, drop) => subscribers.add(topic, drop),
    live: () => true,
    close: async () => undefined,
  };
}

export const INVALIDATION_CHANNEL = 'linli#invalidate';

interface Message {
  origin: string;
  topic: string;
  key: string;
}

/** Several instances: drops also travel on one Redis channel. Resolves once subscribed. */
export async function redisInvalidations(url: string, logger: Logger): Promise<Invalidations> {
  const log = logger.child({ component: 'invalidations' });
  const origin = randomUUID();
  const subscribers = new Subscribers();
  // A drop sent while Redis is away reaches nobody caching (their subscriptions are down too): no queue.
  const publisher = redisClient(url, 'invalidation publisher', log, { offlineQueue: false });
  const subscriber = redisClient(url, 'invalidation subscriber', log);
  let subscribed = false;
  let firstReady = true;
  // node-redis resubscribes by itself after a reconnect; 'ready' comes before that is confirmed,
  // so drops from the gap are covered by dropping everything, and caching resumes after it.
  subscriber.on('end', () => (subscribed = false));
  subscriber.on('error', () => (subscribed = false));
  subscriber.on('reconnecting', () => (subscribed = false));
  subscriber.on('ready', () => {
    if (!firstReady) {
      subscribers.dropEverything();
      // Once the resubscription is confirmed nothing more is lost; a ping answered after it says so.
      void subscriber.ping().then(
        () => {
          subscribers.dropEverything();
          subscribed = true;
          log.info('invalidation channel back: caches dropped and in use again');
        },
        () => undefined,
      );
    }
    firstReady = false;
  });

  const onMessage = (text: string) => {
    let message: Message;
    try {
      message = JSON.parse(text) as Message;
    } catch {
      return;
    }
    if (message.origin === origin) return;
    subscribers.drop(message.topic, message.key);
  };

  try {
    await Promise.all([publisher.connect(), subscriber.connect()]);
    await subscriber.subscribe(INVALIDATION_CHANNEL, onMessage);
  } catch (err) {
    destroyRedisClients([publisher, subscriber]);
    throw err;
  }
  subscribed = true;
  log.info('caches are dropped across instances through redis');

  return {
    async publish(topic, key) {
      subscribers.drop(topic, key);
      const message: Message = { origin, topic, key };
      await publisher.publish(INVALIDATION_CHANNEL, JSON.stringify(message)).catch((err: unknown) => {
        // The others miss this drop: their own subscription is down too (Redis is), so they are not
        // caching; or, if only this link broke, their entries still expire within the cache's TTL.
        log.warn({ err, topic }, 'could not publish an invalidation');
      });
    },
    subscribe: (topic, drop) => subscribers.add(topic, drop),
    live: () => subscribed && subscriber.isReady,
    close: () => closeRedisClients([publisher, subscriber]),
  };
}
