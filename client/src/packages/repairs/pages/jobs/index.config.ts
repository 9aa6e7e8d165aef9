export default definePageConfig({ navigationBarTitleText: '我的维修任务' });
