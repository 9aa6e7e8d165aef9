/**
 * The composition root of the service modules: builds each module from the shared dependencies and
 * hands the app its routes and its authenticator. Modules reach each other only through what they
 * are given here (services, or the event bus), never by importing another module's model.
 */
import type { Authenticator } from '../platform/auth';
import { refuseAllAuthenticator } from '../platform/auth';
import type { Clock } from '../platform/clock';
import type { Config } from '../platform/config';
import type { Logger } from '../platform/logger';
import type { RealtimeDelivery } from '../platform/realtime/delivery';
import type { ApiModule } from '../platform/routes';
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
}

export interface Modules {
  apiModules: ApiModule[];
  authenticator: Authenticator;
}

export function buildModules(_deps: ModuleDeps): Modules {
  return {
    apiModules: [],
    authenticator: refuseAllAuthenticator,
  };
}
