export default definePageConfig({
  navigationBarTitleText: '应急救援',
});
