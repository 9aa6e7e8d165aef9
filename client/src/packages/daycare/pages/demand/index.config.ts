export default definePageConfig({ navigationBarTitleText: '托育需求' });
