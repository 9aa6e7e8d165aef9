/**
 * Confirmation and toast: the platform's own modal and toast (native in the mini-program, read by
 * its screen reader), worded in the person's language.
 */
import Taro from '@tarojs/taro';
import { t } from '../i18n';

/** Asks before something that cannot be undone; resolves true when the person confirms. */
export async function confirmAction(options: {
  title?: string;
  content: string;
  confirmText?: string;
  /** Deleting, ending, withdrawing: the confirm button is red. */
  danger?: boolean;
}): Promise<boolean> {
  const { confirm } = await Taro.showModal({
    title: options.title ?? t('confirmTitle'),
    content: options.content,
    confirmText: options.confirmText ?? t('commonConfirm'),
    cancelText: t('commonCancel'),
    ...(options.danger ? { confirmColor: '#b91c1c' } : {}),
  });
  return confirm;
}

/** A short message that goes away by itself: done (✓) or a failure to read. */
export function toast(message: string, kind: 'done' | 'info' = 'info'): void {
  void Taro.showToast({ title: message, icon: kind === 'done' ? 'success' : 'none', duration: 2500 });
}
