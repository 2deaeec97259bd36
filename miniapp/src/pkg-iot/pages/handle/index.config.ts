export default definePageConfig({
  navigationBarTitleText: '报警处置',
});
