import Taro from '@tarojs/taro';
import { ApiError } from '@yuanan/sdk';

/** Short messages (WeChat toasts show about two lines). */
export function toast(title: string, duration = 2200): void {
  void Taro.showToast({ title, icon: 'none', duration });
}

export async function confirm(opts: {
  title: string;
  content: string;
  confirmText?: string;
  cancelText?: string;
  danger?: boolean;
}): Promise<boolean> {
  try {
    const r = await Taro.showModal({
      title: opts.title,
      content: opts.content,
      confirmText: opts.confirmText ?? '确定',
      cancelText: opts.cancelText ?? '取消',
      confirmColor: opts.danger ? '#FA5151' : '#07C160',
    });
    return r.confirm;
  } catch {
    return false;
  }
}

/**
 * Says that a submission was kept on the phone (no network) to be sent once later; `content` says what was kept.
 * Resolves when the user has read it (知道了).
 */
export async function queuedNotice(content: string): Promise<void> {
  await Taro.showModal({ title: '已保存，待同步', content, showCancel: false, confirmText: '知道了', confirmColor: '#07C160' });
}

export type ErrorKind = 'network' | 'server' | 'session' | 'input' | 'other';

export function errorKind(e: unknown): ErrorKind {
  if (!(e instanceof ApiError)) return 'other';
  if (e.status === 0) return 'network';
  if (e.status >= 500 || e.status === 429) return 'server';
  if (e.status === 401) return 'session';
  if (e.status === 400 || e.status === 409 || e.status === 422) return 'input';
  return 'other';
}

export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e && typeof e === 'object' && 'errMsg' in e && typeof e.errMsg === 'string') {
    if (/cancel/i.test(e.errMsg)) return '已取消';
    return `操作失败：${e.errMsg}`;
  }
  return '操作失败，请稍后重试';
}

/**
 * Tells the user what went wrong and what to do next. Network and server problems offer "重试" (nothing typed
 * is lost: forms keep their drafts); an expired session is handled globally (back to sign-in).
 */
export async function reportError(e: unknown, opts: { retry?: () => unknown; what?: string } = {}): Promise<void> {
  const kind = errorKind(e);
  const message = errorMessage(e);
  if (kind === 'session') return; // the session handler shows it and goes to sign-in
  if ((kind === 'network' || kind === 'server') && opts.retry) {
    const again = await confirm({
      title: kind === 'network' ? '网络不可用' : '服务暂时不可用',
      content: `${opts.what ? `${opts.what}失败：` : ''}${message.replace(/[。.]?$/, '。')}${kind === 'network' ? '已填写的内容已保存在本机。' : ''}`,
      confirmText: '重试',
      cancelText: '稍后',
    });
    if (again) await opts.retry();
    return;
  }
  toast(opts.what ? `${opts.what}失败：${message}` : message, 3000);
}
