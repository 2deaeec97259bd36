export default definePageConfig({
  navigationBarTitleText: '应急物资',
});
