export default definePageConfig({
  navigationBarTitleText: '预警通知',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
});
