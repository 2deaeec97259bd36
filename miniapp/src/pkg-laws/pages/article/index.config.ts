export default definePageConfig({
  navigationBarTitleText: '法规条文',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
  enableShareAppMessage: true,
});
