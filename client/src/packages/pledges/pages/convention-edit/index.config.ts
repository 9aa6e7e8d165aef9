export default definePageConfig({ navigationBarTitleText: '公约编辑' });
