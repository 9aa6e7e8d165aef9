export default definePageConfig({ navigationBarTitleText: '菜单计划' });
