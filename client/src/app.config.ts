export default defineAppConfig({
  pages: [
    'pages/home/index',
    'pages/notices/index',
    'pages/notice-detail/index',
    'pages/me/index',
    'pages/login/index',
    'pages/staff-login/index',
    'pages/meals/index',
    'pages/meal-bookings/index',
    'pages/household/index',
    'pages/carers/index',
    'pages/my-data/index',
  ],
  subPackages: [
    {
      root: 'packages/staff',
      pages: [
        'pages/index/index',
        'pages/canteen/index',
        'pages/menus/index',
        'pages/roster/index',
        'pages/settlement/index',
        'pages/subsidy/index',
        'pages/notice-compose/index',
        'pages/notice-list/index',
        'pages/notice-unread/index',
        'pages/memberships/index',
      ],
    },
  ],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#2f7d5b',
    navigationBarTitleText: '邻里通',
    navigationBarTextStyle: 'white',
  },
  tabBar: {
    color: '#6b7280',
    selectedColor: '#2f7d5b',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      {
        pagePath: 'pages/home/index',
        text: '首页',
        iconPath: 'assets/tab/home.png',
        selectedIconPath: 'assets/tab/home-active.png',
      },
      {
        pagePath: 'pages/notices/index',
        text: '公告',
        iconPath: 'assets/tab/notices.png',
        selectedIconPath: 'assets/tab/notices-active.png',
      },
      {
        pagePath: 'pages/me/index',
        text: '我的',
        iconPath: 'assets/tab/me.png',
        selectedIconPath: 'assets/tab/me-active.png',
      },
    ],
  },
});
