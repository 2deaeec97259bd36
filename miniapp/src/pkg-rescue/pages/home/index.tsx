import { RoleHome, type WorkEntry } from '../../../components/role-home';
import { useSignedInMe } from '../../../services/use-session';

const ENTRIES: WorkEntry[] = [
  { label: '出警任务', mark: '警', color: '#e0533f' },
  { label: '值班排班', mark: '班', color: '#fa9d3b' },
  { label: '现场回报', mark: '报', color: '#10aeff' },
  { label: '救援器材', mark: '器', color: '#6467f0' },
  { label: '换班申请', mark: '换', color: '#07c160' },
  { label: '应急预案', mark: '案', color: '#1f5fbf' },
  { label: '消息通知', mark: '讯', color: '#2f7cf6', url: '/pkg-rescue/pages/notifications/index' },
];

export default function RescueHome() {
  const me = useSignedInMe();
  return <RoleHome me={me} theme="rescue" title="应急救援工作台" entries={ENTRIES} />;
}
