export default definePageConfig({
  navigationBarTitleText: '器材详情',
});
