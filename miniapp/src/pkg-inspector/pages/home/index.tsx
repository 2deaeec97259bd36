import { RoleHome, type WorkEntry } from '../../../components/role-home';
import { INSPECTION_PAGES } from '../../../pkg-inspection/services/pages';
import { WorkbenchCards } from '../../../components/workbench-cards';
import { HAZARD_PAGES } from '../../../services/routes';
import { useSignedInMe } from '../../../services/use-session';
import { INCIDENT_PAGES, LAW_PAGES } from '../../../services/workbench-links';

const ENTRIES: WorkEntry[] = [
  { label: '一键求救', mark: '救', color: '#d93025', url: INCIDENT_PAGES.sos },
  { label: '检查任务', mark: '检', color: '#3b4aa6', url: INSPECTION_PAGES.list },
  { label: '现场签到', mark: '到', color: '#07c160', url: INSPECTION_PAGES.list },
  { label: '隐患上报', mark: '报', color: '#fa5151', url: HAZARD_PAGES.report },
  { label: '我的隐患', mark: '隐', color: '#fa9d3b', url: `${HAZARD_PAGES.list}?scope=mine` },
  { label: '检查记录', mark: '录', color: '#10aeff', url: `${INSPECTION_PAGES.list}?tab=done` },
  { label: '服务企业', mark: '企', color: '#fa9d3b', desc: '服务合同覆盖的企业及合同有效期' },
  { label: '法规查询', mark: '法', color: '#6467f0', url: LAW_PAGES.search },
  { label: '消息通知', mark: '讯', color: '#2f7cf6', url: '/pkg-inspector/pages/notifications/index' },
];

export default function InspectorHome() {
  const me = useSignedInMe();
  return (
    <RoleHome
      me={me}
      theme="inspector"
      title="第三方检查工作台"
      extra={me ? <WorkbenchCards role={me.role} cacheKey="workbench:home" /> : null}
      entries={ENTRIES}
      note="到达企业后定位或扫码签到，逐项检查、拍照留证，现场负责人签字后提交；不合格项自动生成隐患。只能检查本机构服务合同覆盖的企业，且仅在合同有效期内。"
    />
  );
}
