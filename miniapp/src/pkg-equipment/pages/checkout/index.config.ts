export default definePageConfig({
  navigationBarTitleText: '出借器材',
});
