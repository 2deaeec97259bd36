export default definePageConfig({
  navigationBarTitleText: '一键求救',
  navigationBarBackgroundColor: '#d93025',
  navigationBarTextStyle: 'white',
});
