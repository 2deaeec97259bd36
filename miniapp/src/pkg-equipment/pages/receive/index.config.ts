export default definePageConfig({
  navigationBarTitleText: '归还入库',
});
