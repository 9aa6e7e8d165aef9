export default definePageConfig({ navigationBarTitleText: '发起协商' });
