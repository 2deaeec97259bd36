export default definePageConfig({
  navigationBarTitleText: '换班请求',
  enablePullDownRefresh: true,
});
