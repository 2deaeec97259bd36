import { RoleHome, type WorkEntry } from '../../../components/role-home';
import { HAZARD_PAGES } from '../../../services/routes';
import { useSignedInMe } from '../../../services/use-session';

const ENTRIES: WorkEntry[] = [
  { label: '检查任务', mark: '检', color: '#3b4aa6' },
  { label: '现场签到', mark: '到', color: '#07c160' },
  { label: '隐患上报', mark: '报', color: '#fa5151', url: HAZARD_PAGES.report },
  { label: '我的隐患', mark: '隐', color: '#fa9d3b', url: `${HAZARD_PAGES.list}?scope=mine` },
  { label: '检查记录', mark: '录', color: '#10aeff' },
  { label: '服务企业', mark: '企', color: '#fa9d3b' },
  { label: '法规查询', mark: '法', color: '#6467f0' },
  { label: '消息通知', mark: '讯', color: '#2f7cf6', url: '/pkg-inspector/pages/notifications/index' },
];

export default function InspectorHome() {
  const me = useSignedInMe();
  return (
    <RoleHome
      me={me}
      theme="inspector"
      title="第三方检查工作台"
      entries={ENTRIES}
      note="只能检查本机构服务合同覆盖的企业，且仅在合同有效期内。"
    />
  );
}
