export default definePageConfig({
  navigationBarTitleText: '第三方检查',
});
