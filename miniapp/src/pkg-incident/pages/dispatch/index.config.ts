export default definePageConfig({
  navigationBarTitleText: '出警任务',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark',
});
