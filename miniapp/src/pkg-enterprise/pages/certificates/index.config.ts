export default definePageConfig({
  navigationBarTitleText: '持证人员',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
});
