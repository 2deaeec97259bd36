export default definePageConfig({
  navigationBarTitleText: '报警详情',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
});
