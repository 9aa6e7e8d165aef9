/** Staff pages (工作台). */
export const zhCN = {
  staffHomeTitle: '工作台',
  staffGrantsTitle: '我的权限',
  staffNoGrants: '当前账号没有工作人员权限。',
  staffCommunity: '社区：{name}',
  staffProvider: '服务方编号：{id}',
  staffAllCommunities: '全平台',
} as const;

export const en: Record<keyof typeof zhCN, string> = {
  staffHomeTitle: 'Workbench',
  staffGrantsTitle: 'My permissions',
  staffNoGrants: 'This account has no staff permissions.',
  staffCommunity: 'Community: {name}',
  staffProvider: 'Provider id: {id}',
  staffAllCommunities: 'All communities',
};
