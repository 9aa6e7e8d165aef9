export default definePageConfig({ navigationBarTitleText: '名单与核销' });
