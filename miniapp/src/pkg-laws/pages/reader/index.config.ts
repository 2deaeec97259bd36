export default definePageConfig({
  navigationBarTitleText: '法规阅读',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
  enableShareAppMessage: true,
});
