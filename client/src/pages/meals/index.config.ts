export default definePageConfig({ navigationBarTitleText: '长者助餐' });
