import { RoleHome, type WorkEntry } from '../../../components/role-home';
import { WorkbenchCards } from '../../../components/workbench-cards';
import { useSignedInMe } from '../../../services/use-session';

const ENTRIES: WorkEntry[] = [
  { label: '出警任务', mark: '警', color: '#e0533f', desc: '接警派单、出警确认和到场时间记录' },
  { label: '值班排班', mark: '班', color: '#fa9d3b', desc: '救援队的值班表，提醒本人当班' },
  { label: '现场回报', mark: '报', color: '#10aeff', desc: '从现场回传照片、位置和处置进展' },
  { label: '救援器材', mark: '器', color: '#6467f0', desc: '器材台账、借还和到期检验提醒' },
  { label: '换班申请', mark: '换', color: '#07c160', desc: '申请换班，由队长审批' },
  { label: '应急预案', mark: '案', color: '#1f5fbf', desc: '园区和企业的应急预案、处置卡随时查阅' },
  { label: '消息通知', mark: '讯', color: '#2f7cf6', url: '/pkg-rescue/pages/notifications/index' },
];

export default function RescueHome() {
  const me = useSignedInMe();
  return (
    <RoleHome
      me={me}
      theme="rescue"
      title="应急救援工作台"
      extra={me ? <WorkbenchCards role={me.role} cacheKey="workbench:home" /> : null}
      entries={ENTRIES}
      note="出警、值班和器材随应急救援模块开放；现在可以接收园区的消息通知。"
    />
  );
}
