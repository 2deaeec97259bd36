export default definePageConfig({
  navigationBarTitleText: '应急物资',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
});
