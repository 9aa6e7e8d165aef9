/**
 * Which language to answer in: the best match in Accept-Language, Chinese when nothing matches.
 */
import type { Context } from 'koa';
import { DEFAULT_LOCALE, type Locale } from '@linli/shared';

export function localeOf(ctx: Pick<Context, 'acceptsLanguages'>): Locale {
  // Negotiation honours q-values; "zh" matches zh-CN, zh-TW etc. Traditional Chinese readers get
  // Simplified rather than English, which is the closer of the two we have.
  const best = ctx.acceptsLanguages(['zh-CN', 'zh', 'en']);
  if (typeof best === 'string' && best.startsWith('en')) return 'en';
  return DEFAULT_LOCALE;
}
