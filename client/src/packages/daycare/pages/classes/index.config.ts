export default definePageConfig({ navigationBarTitleText: '班级与参观' });
