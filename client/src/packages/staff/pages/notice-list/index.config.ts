export default definePageConfig({ navigationBarTitleText: '公告与阅读情况', enablePullDownRefresh: true });
