import Taro from '@tarojs/taro';

/**
 * 已被他人处理或状态已变化: the server refused the version the user saw (409). Reloads the page's data, then says so;
 * `back` goes back to the detail page (from the handling form) instead of staying.
 */
export async function changedMeanwhile(reload: () => Promise<unknown>, opts: { back?: boolean } = {}): Promise<void> {
  await reload();
  await Taro.showModal({
    title: '状态已变化',
    content: opts.back
      ? '该报警已被他人处理或状态已变化。您填写的内容已保存，请返回查看最新状态。'
      : '该报警已被他人处理或状态已变化，页面已刷新为最新状态，请查看后再操作。',
    showCancel: false,
    confirmText: opts.back ? '返回查看' : '知道了',
    confirmColor: '#07C160',
  });
  if (opts.back) void Taro.navigateBack();
}
