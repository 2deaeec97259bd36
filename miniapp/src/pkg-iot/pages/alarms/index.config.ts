export default definePageConfig({
  navigationBarTitleText: '物联网报警',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
});
