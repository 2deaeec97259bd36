export default definePageConfig({
  navigationBarTitleText: '修改企业信息',
});
