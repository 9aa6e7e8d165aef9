export default definePageConfig({ navigationBarTitleText: '发起项目' });
