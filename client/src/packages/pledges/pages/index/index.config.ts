export default definePageConfig({ navigationBarTitleText: '共建认领', enablePullDownRefresh: true });
