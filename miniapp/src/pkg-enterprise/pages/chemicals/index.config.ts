export default definePageConfig({
  navigationBarTitleText: '危化品与重大危险源',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
});
