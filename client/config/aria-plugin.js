/**
 * Lets `aria-role` and `aria-label` through to the mini-program. Taro renders every page through
 * generic templates (base.wxml) that bind only the attributes each component declares, so an
 * ariaLabel set in React never reached WeChat's screen reader. This adds the two attributes to the
 * declared ones of the components in src/a11y/aria-components.json at build time; app.ts adds the
 * same to the runtime's list (both sort a component's attributes to name them, so both must see
 * the same set). The h5 build renders role and aria-* on the elements as they are.
 */
const ariaComponents = require('../src/a11y/aria-components.json');

module.exports = (ctx) => {
  ctx.registerMethod({
    name: 'onSetupClose',
    fn(platform) {
      if (platform.template && typeof platform.template.mergeComponents === 'function')
        platform.template.mergeComponents(ctx, ariaComponents);
    },
  });
};
