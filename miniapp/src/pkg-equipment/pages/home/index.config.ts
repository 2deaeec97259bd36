export default definePageConfig({
  navigationBarTitleText: '器材室',
});
