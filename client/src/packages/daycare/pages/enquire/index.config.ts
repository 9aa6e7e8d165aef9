export default definePageConfig({ navigationBarTitleText: '托育咨询' });
