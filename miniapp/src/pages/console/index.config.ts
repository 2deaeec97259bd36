export default definePageConfig({
  navigationBarTitleText: '园安',
});
