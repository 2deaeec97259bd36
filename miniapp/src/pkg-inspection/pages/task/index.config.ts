export default definePageConfig({
  navigationBarTitleText: '检查任务',
});
