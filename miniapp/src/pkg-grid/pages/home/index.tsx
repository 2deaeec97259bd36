import { RoleHome, type WorkEntry } from '../../../components/role-home';
import { INSPECTION_PAGES } from '../../../pkg-inspection/services/pages';
import { WorkbenchCards } from '../../../components/workbench-cards';
import { usePageTitle } from '../../../services/page-title';
import { HAZARD_PAGES, IOT_PAGES } from '../../../services/routes';
import { useSignedInMe } from '../../../services/use-session';
import { INCIDENT_PAGES, LAW_PAGES } from '../../../services/workbench-links';

const GRID: WorkEntry[] = [
  { label: '一键求救', mark: '救', color: '#d93025', url: INCIDENT_PAGES.sos },
  { label: '隐患上报', mark: '报', color: '#fa5151', url: HAZARD_PAGES.report },
  { label: '我的隐患', mark: '隐', color: '#fa9d3b', url: `${HAZARD_PAGES.list}?scope=mine` },
  { label: '网格隐患', mark: '复', color: '#0b7a5a', url: `${HAZARD_PAGES.list}?tab=rectifying` },
  { label: '巡查任务', mark: '巡', color: '#0b7a5a', url: INSPECTION_PAGES.list },
  // 物联网报警 of the zone, those of my grid's enterprises first
  { label: '物联网报警', mark: '警', color: '#d9363e', url: IOT_PAGES.alarms },
  { label: '企业档案', mark: '档', color: '#10aeff', desc: '在手机上查看网格内企业的一企一档' },
  { label: '园区网格', mark: '格', color: '#16a37a', url: '/pkg-grid/pages/grids/index' },
  { label: '法规查询', mark: '法', color: '#6467f0', url: LAW_PAGES.search },
  { label: '消息通知', mark: '讯', color: '#2f7cf6', url: '/pkg-grid/pages/notifications/index' },
];

const OFFICER: WorkEntry[] = [
  { label: '一键求救', mark: '救', color: '#d93025', url: INCIDENT_PAGES.sos },
  { label: '隐患审核', mark: '审', color: '#1f5fbf', url: `${HAZARD_PAGES.list}?tab=todo` },
  { label: '隐患上报', mark: '报', color: '#fa5151', url: HAZARD_PAGES.report },
  { label: '整改跟踪', mark: '改', color: '#fa9d3b', url: `${HAZARD_PAGES.list}?tab=rectifying` },
  { label: '我上报的', mark: '隐', color: '#0b7a5a', url: `${HAZARD_PAGES.list}?scope=mine&tab=all` },
  { label: '巡查任务', mark: '巡', color: '#0b7a5a', url: INSPECTION_PAGES.list },
  { label: '物联网报警', mark: '警', color: '#d9363e', url: IOT_PAGES.alarms },
  { label: '企业档案', mark: '档', color: '#10aeff', desc: '在手机上查看网格内企业的一企一档' },
  { label: '园区网格', mark: '格', color: '#16a37a', url: '/pkg-grid/pages/grids/index' },
  { label: '法规查询', mark: '法', color: '#6467f0', url: LAW_PAGES.search },
  { label: '消息通知', mark: '讯', color: '#2f7cf6', url: '/pkg-grid/pages/notifications/index' },
];

/** Grid workers — and safety officers, who patrol and inspect the same way and review hazards from the phone. */
export default function GridHome() {
  const me = useSignedInMe();
  const officer = me?.role === 'safety_officer';
  usePageTitle(officer ? '安全监管' : null);
  return (
    <RoleHome
      me={me}
      theme="grid"
      title={officer ? '安全监管工作台' : '网格巡查工作台'}
      extra={me ? <WorkbenchCards role={me.role} cacheKey="workbench:home" /> : null}
      entries={officer ? OFFICER : GRID}
      note={officer ? '确认定级、整改复核可在手机上完成；重大隐患治理方案、挂牌督办请在电脑端管理后台处理。' : undefined}
    />
  );
}
