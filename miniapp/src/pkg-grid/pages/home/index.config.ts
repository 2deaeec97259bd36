export default definePageConfig({
  navigationBarTitleText: '网格巡查',
});
