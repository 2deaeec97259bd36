export default definePageConfig({
  navigationBarTitleText: '待同步',
});
