export default definePageConfig({ navigationBarTitleText: '咨询收件箱' });
