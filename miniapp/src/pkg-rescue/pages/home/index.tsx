import { RoleHome, type WorkEntry } from '../../../components/role-home';
import { WorkbenchCards } from '../../../components/workbench-cards';
import { DUTY_PAGES, EQUIPMENT_PAGES } from '../../../services/routes';
import { INCIDENT_PAGES, LAW_PAGES } from '../../../services/workbench-links';
import { useSignedInMe } from '../../../services/use-session';
import { DutyPanel } from '../../components/duty-panel';

const ENTRIES: WorkEntry[] = [
  { label: '出警任务', mark: '警', color: '#e0533f', url: INCIDENT_PAGES.dispatch },
  { label: '一键求救', mark: '救', color: '#d93025', url: INCIDENT_PAGES.sos },
  { label: '我的班次', mark: '班', color: '#fa9d3b', url: DUTY_PAGES.shifts },
  { label: '换班请求', mark: '换', color: '#07c160', url: DUTY_PAGES.swaps },
  { label: '器材借用', mark: '器', color: '#6467f0', url: EQUIPMENT_PAGES.catalogue },
  { label: '我的借用', mark: '借', color: '#10aeff', url: EQUIPMENT_PAGES.mine },
  { label: '扫码查器材', mark: '扫', color: '#1f5fbf', url: EQUIPMENT_PAGES.scan },
  { label: '法规查询', mark: '法', color: '#6467f0', url: LAW_PAGES.search },
  { label: '消息通知', mark: '讯', color: '#2f7cf6', url: '/pkg-rescue/pages/notifications/index' },
  { label: '应急预案', mark: '案', color: '#1f5fbf', desc: '园区和企业的应急预案、处置卡随时查阅' },
];

/**
 * 应急救援工作台 (rescue members and leaders): my next shift, who of my team is on duty now, check-in / check-out at
 * the duty room, then the workbench's cards (swaps to answer, a leader's approvals and gaps) and the messages.
 */
export default function RescueHome() {
  const me = useSignedInMe();
  return (
    <RoleHome
      me={me}
      theme="rescue"
      title="应急救援工作台"
      extra={
        me ? (
          <>
            <DutyPanel me={me} />
            <WorkbenchCards role={me.role} cacheKey="workbench:home" />
          </>
        ) : null
      }
      entries={ENTRIES}
      note="换班须对方同意、队长批准后生效；到值班室后签到（按钮或扫值班室二维码）。"
    />
  );
}
