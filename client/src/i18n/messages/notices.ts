/** Community notices (公告). */
export const zhCN = {
  noticesTitle: '社区公告',
  noticesAll: '全部',
  noticesFilterLabel: '只看{category}',
  noticesEmpty: '暂时没有公告。',
  noticesLoadMore: '加载更多',
  noticeCategoryEmergency: '紧急',
  noticeCategoryAnnouncement: '公告',
  noticeCategoryActivity: '活动',
  noticePinned: '置顶',
  noticeItemLabel: '{category}：{title}',
  noticeItemUnreadLabel: '未读，{category}：{title}',
  noticePublishedAt: '发布于 {date}',
  emergencyBannerLabel: '紧急通知：{title}，点按查看',
  emergencyBannerOpen: '查看',
} as const;

export const en: Record<keyof typeof zhCN, string> = {
  noticesTitle: 'Community notices',
  noticesAll: 'All',
  noticesFilterLabel: 'Show {category} only',
  noticesEmpty: 'No notices yet.',
  noticesLoadMore: 'Load more',
  noticeCategoryEmergency: 'Emergency',
  noticeCategoryAnnouncement: 'Notice',
  noticeCategoryActivity: 'Activity',
  noticePinned: 'Pinned',
  noticeItemLabel: '{category}: {title}',
  noticeItemUnreadLabel: 'Unread, {category}: {title}',
  noticePublishedAt: 'Published {date}',
  emergencyBannerLabel: 'Emergency notice: {title}. Tap to read',
  emergencyBannerOpen: 'Read',
};
