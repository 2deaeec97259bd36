export default definePageConfig({
  navigationBarTitleText: '企业安全',
});
