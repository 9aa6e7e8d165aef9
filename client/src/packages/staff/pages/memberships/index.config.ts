export default definePageConfig({ navigationBarTitleText: '住户审核', enablePullDownRefresh: true });
