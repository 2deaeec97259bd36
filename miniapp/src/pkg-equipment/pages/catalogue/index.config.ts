export default definePageConfig({
  navigationBarTitleText: '可借器材',
  enablePullDownRefresh: true,
});
