export default definePageConfig({ navigationBarTitleText: '公约签署情况' });
