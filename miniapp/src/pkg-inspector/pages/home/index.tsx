import { RoleHome, type WorkEntry } from '../../../components/role-home';
import { WorkbenchCards } from '../../../components/workbench-cards';
import { HAZARD_PAGES } from '../../../services/routes';
import { useSignedInMe } from '../../../services/use-session';

const ENTRIES: WorkEntry[] = [
  { label: '检查任务', mark: '检', color: '#3b4aa6', desc: '园区派给本机构的检查计划，按合同内企业逐项检查' },
  { label: '现场签到', mark: '到', color: '#07c160', desc: '到达企业时定位签到，留存检查时间和地点' },
  { label: '隐患上报', mark: '报', color: '#fa5151', url: HAZARD_PAGES.report },
  { label: '我的隐患', mark: '隐', color: '#fa9d3b', url: `${HAZARD_PAGES.list}?scope=mine` },
  { label: '检查记录', mark: '录', color: '#10aeff', desc: '每次检查的检查表、照片和结论，企业签字确认' },
  { label: '服务企业', mark: '企', color: '#fa9d3b', desc: '服务合同覆盖的企业及合同有效期' },
  { label: '法规查询', mark: '法', color: '#6467f0', desc: '安全生产法律法规和标准条文检索' },
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
      note="检查任务、签到和检查记录随检查模块开放；现在可以上报隐患（合同内的企业）并接收消息。只能检查本机构服务合同覆盖的企业，且仅在合同有效期内。"
    />
  );
}
