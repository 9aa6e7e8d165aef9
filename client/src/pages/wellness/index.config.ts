export default definePageConfig({ navigationBarTitleText: '安康提醒' });
