export default definePageConfig({ navigationBarTitleText: '托育服务' });
