/**
 * Measures what care mode promises, in the page as the browser laid it out: body text of at least
 * 18 CSS px, every tap target at least 44 CSS px tall, text contrast of at least 4.5:1 against what
 * is behind it, and an accessible name on everything one can tap or type into.
 */
import type { Page } from 'playwright-core';

export interface CareAudit {
  /** Which page was audited (Taro's page id, its path). */
  pageId: string;
  /** Whether the visible page root carries the care theme. */
  careOn: boolean;
  texts: number;
  targets: number;
  smallText: string[];
  shortTargets: string[];
  lowContrast: string[];
  unlabelled: string[];
}

export const MIN_TEXT_PX = 18;
export const MIN_TARGET_PX = 44;
export const MIN_CONTRAST = 4.5;

/** Audits the page on screen (Taro keeps earlier pages in the DOM, hidden) and the tab bar. */
export function auditCare(page: Page): Promise<CareAudit> {
  return page.evaluate(
    ({ minText, minTarget, minContrast }) => {
      const visible = (el: Element) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
      };
      const root = Array.from(document.querySelectorAll('.page')).find(visible);
      if (!root) throw new Error('no page on screen');
      const describe = (el: Element) =>
        `${el.tagName.toLowerCase()}.${Array.from(el.classList).join('.')} "${(el.textContent ?? '').trim().slice(0, 30)}"`;

      const parse = (colour: string) => {
        const [r, g, b, a = 1] = (colour.match(/[\d.]+/g) ?? []).map(Number);
        return { r, g, b, a };
      };
      const luminance = ({ r, g, b }: { r: number; g: number; b: number }) => {
        const f = (c: number) => {
          const s = c / 255;
          return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
        };
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
      };
      const background = (el: Element) => {
        for (let node: Element | null = el; node; node = node.parentElement) {
          const colour = parse(getComputedStyle(node).backgroundColor);
          if (colour.a > 0.5) return colour;
        }
        return { r: 255, g: 255, b: 255, a: 1 };
      };
      const contrast = (el: Element) => {
        const fg = luminance(parse(getComputedStyle(el).color));
        const bg = luminance(background(el));
        return (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
      };

      const scopes: Element[] = [root, ...Array.from(document.querySelectorAll('.weui-tabbar'))].filter(
        visible,
      );
      const smallText: string[] = [];
      const lowContrast: string[] = [];
      let texts = 0;
      for (const scope of scopes) {
        for (const el of [scope, ...Array.from(scope.querySelectorAll('*'))]) {
          const ownText = Array.from(el.childNodes).some(
            (n) => n.nodeType === 3 && (n.textContent ?? '').trim(),
          );
          if (!ownText || !visible(el)) continue;
          // WCAG exempts disabled controls from contrast; they are still sized like the rest.
          const disabled = el.closest('[aria-disabled="true"], [disabled]') !== null;
          texts += 1;
          const size = parseFloat(getComputedStyle(el).fontSize);
          if (size < minText) smallText.push(`${describe(el)} ${size}px`);
          const ratio = contrast(el);
          if (!disabled && ratio < minContrast) lowContrast.push(`${describe(el)} ${ratio.toFixed(2)}:1`);
        }
      }

      const tappable =
        '[role=button], [role=switch], [role=radio], [role=checkbox], [role=tab], taro-button-core, input, textarea, .weui-tabbar__item';
      const shortTargets: string[] = [];
      const unlabelled: string[] = [];
      let targets = 0;
      for (const scope of scopes) {
        for (const el of Array.from(scope.querySelectorAll(tappable))) {
          if (!visible(el)) continue;
          targets += 1;
          const height = el.getBoundingClientRect().height;
          if (height < minTarget) shortTargets.push(`${describe(el)} ${height.toFixed(1)}px`);
          const isTabItem = el.classList.contains('weui-tabbar__item');
          const name =
            (el.getAttribute('aria-label') ?? '').trim() || (isTabItem ? (el.textContent ?? '').trim() : '');
          if (!name) unlabelled.push(describe(el));
          if (el.tagName === 'TARO-BUTTON-CORE' && el.getAttribute('role') !== 'button')
            unlabelled.push(`${describe(el)} (no role)`);
        }
      }
      return {
        pageId: root.closest('.taro_page')?.id ?? '',
        careOn: root.classList.contains('care'),
        texts,
        targets,
        smallText,
        shortTargets,
        lowContrast,
        unlabelled,
      };
    },
    { minText: MIN_TEXT_PX, minTarget: MIN_TARGET_PX, minContrast: MIN_CONTRAST },
  );
}
