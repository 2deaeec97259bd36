export default definePageConfig({
  navigationBarTitleText: '申请换班',
});
