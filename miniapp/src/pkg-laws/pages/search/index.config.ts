export default definePageConfig({
  navigationBarTitleText: '法规查询',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
});
