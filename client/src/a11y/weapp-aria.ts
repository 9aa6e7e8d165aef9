/**
 * The runtime half of config/aria-plugin.js: the mini-program's Taro runtime names each
 * component's attributes from its own list, which must hold the same aria attributes as the
 * templates the plugin built (both sort them to number them). Runs before the first page renders.
 */
import { mergeInternalComponents } from '@tarojs/shared';
import ariaComponents from './aria-components.json';

if (process.env.TARO_ENV !== 'h5') mergeInternalComponents(ariaComponents);
