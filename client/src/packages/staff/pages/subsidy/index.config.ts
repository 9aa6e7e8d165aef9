export default definePageConfig({ navigationBarTitleText: '助餐补贴政策' });
