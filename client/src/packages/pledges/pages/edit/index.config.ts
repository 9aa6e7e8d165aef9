export default definePageConfig({ navigationBarTitleText: '修改项目' });
