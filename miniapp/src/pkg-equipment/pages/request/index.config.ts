export default definePageConfig({
  navigationBarTitleText: '借用申请',
});
