export default definePageConfig({
  navigationBarTitleText: '危险化学品',
});
