export default definePageConfig({ navigationBarTitleText: '呼叫与安康提醒' });
