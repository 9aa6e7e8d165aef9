/**
 * What every service module is built from: the platform's shared parts. Its own file, importing no
 * module, so that modules can import it without reaching back into the composition root
 * (modules/index.ts), which imports every module.
 */
import type { Clock } from '../platform/clock';
import type { Config } from '../platform/config';
import type { Invalidations } from '../platform/invalidations';
import type { Logger } from '../platform/logger';
import type { RealtimeDelivery } from '../platform/realtime/delivery';
import type { Scheduler } from '../platform/scheduler';
import type { UploadService } from '../platform/uploads';
import type { WeChatClient } from '../platform/wechat/wechat-client';
import type { DomainEventBus } from './domain-events';

export interface ModuleDeps {
  config: Config;
  logger: Logger;
  events: DomainEventBus;
  clock: Clock;
  realtime: RealtimeDelivery;
  /** Undefined when WECHAT_APPID/WECHAT_SECRET are not configured (demo and tests without WeChat). */
  wechat: WeChatClient | undefined;
  /** Restart-safe due work (reminders, deadlines): register handlers when built, schedule from services. */
  scheduler: Scheduler;
  /** Photos on records: attach the ids a create request carries, present them as signed links. */
  uploads: UploadService;
  /**
   * Drops in-memory copies (the actor cache) on every instance; main.ts passes the Redis-backed one
   * when REDIS_URL is set. Absent (tests that build modules by hand): this process only.
   */
  invalidations?: Invalidations;
}
