export default definePageConfig({ navigationBarTitleText: '登记收到与签到', enablePullDownRefresh: true });
