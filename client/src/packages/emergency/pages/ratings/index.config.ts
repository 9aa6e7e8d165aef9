export default definePageConfig({ navigationBarTitleText: '居民评价' });
