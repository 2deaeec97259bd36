export default definePageConfig({
  navigationBarTitleText: '选择园区',
});
