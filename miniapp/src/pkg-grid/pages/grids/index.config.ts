export default definePageConfig({
  navigationBarTitleText: '园区网格',
  enablePullDownRefresh: true,
});
