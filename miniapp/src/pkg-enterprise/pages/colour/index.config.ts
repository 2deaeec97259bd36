export default definePageConfig({
  navigationBarTitleText: '风险四色',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
});
