import { RoleHome, type WorkEntry } from '../../../components/role-home';
import { WorkbenchCards } from '../../../components/workbench-cards';
import { EQUIPMENT_PAGES } from '../../../services/routes';
import { useSignedInMe } from '../../../services/use-session';
import { INCIDENT_PAGES, LAW_PAGES } from '../../../services/workbench-links';

const ENTRIES: WorkEntry[] = [
  { label: '一键求救', mark: '救', color: '#d93025', url: INCIDENT_PAGES.sos },
  { label: '扫码出借/归还', mark: '扫', color: '#1f5fbf', url: EQUIPMENT_PAGES.scan },
  { label: '借出与归还', mark: '借', color: '#fa9d3b', url: EQUIPMENT_PAGES.loans },
  { label: '待领用', mark: '领', color: '#07c160', url: `${EQUIPMENT_PAGES.loans}?tab=pickup` },
  { label: '可借器材', mark: '器', color: '#6467f0', url: EQUIPMENT_PAGES.catalogue },
  { label: '法规查询', mark: '法', color: '#6467f0', url: LAW_PAGES.search },
  { label: '消息通知', mark: '讯', color: '#2f7cf6', url: '/pkg-equipment/pages/notifications/index' },
];

/**
 * 器材室工作台 (equipment keeper): scan a unit's label to check it out to an approved request or to receive it back,
 * the loans (to confirm, on loan, overdue) and the approved requests waiting to be picked up, then the workbench's
 * cards. The catalogue, ledger, maintenance and label printing are the admin console's.
 */
export default function EquipmentHome() {
  const me = useSignedInMe();
  return (
    <RoleHome
      me={me}
      theme="equipment"
      title="器材室工作台"
      extra={me ? <WorkbenchCards role={me.role} cacheKey="workbench:home" /> : null}
      entries={ENTRIES}
      note="扫器材标签二维码出借或归还入库：出借须拍照、借用人签字；归还时登记状况，损坏的器材自动转入保养。器材目录、台账、审批和标签打印请在电脑端管理后台操作。"
    />
  );
}
