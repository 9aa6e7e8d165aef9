export default definePageConfig({ navigationBarTitleText: '报修详情', enablePullDownRefresh: false });
