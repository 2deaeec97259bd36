import { defineMessages } from '../../i18n/feature.ts';

/** The workbench's own words (the cards' titles come from the api in the caller's language). */
export const homeMessages = defineMessages(
  {
    work: '今日待办',
    workDesc: '需要您处理的事项，点击条目直达办理页面',
    refresh: '刷新',
    loadFailed: '工作台加载失败',
    noCards: '您的角色暂时没有需要处理的事项',
    updatedAt: '更新于 {time}',
    platformWork: '平台视图没有园区待办；进入园区后可查看该园区的工作台。',
  },
  {
    work: "Today's work",
    workDesc: 'What is waiting for you; click an item to open the page where it is done',
    refresh: 'Refresh',
    loadFailed: 'The workbench could not be loaded',
    noCards: 'Nothing is waiting for your role',
    updatedAt: 'Updated {time}',
    platformWork: 'The platform view has no zone work; enter a zone to see its workbench.',
  },
);
