import { useDidShow } from '@tarojs/taro';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { MyWarnings } from '@yuanan/contracts';
import { RoleHome, type WorkEntry } from '../../../components/role-home';
import { WorkbenchCards } from '../../../components/workbench-cards';
import { client } from '../../../services/api';
import { EQUIPMENT_PAGES, HAZARD_PAGES, INSPECTION_PAGES, IOT_PAGES } from '../../../services/routes';
import { useSignedInMe } from '../../../services/use-session';
import { INCIDENT_PAGES, LAW_PAGES } from '../../../services/workbench-links';
import { EnterpriseOverview } from '../../components/overview';
import { ENTERPRISE_PAGES } from '../../services/enterprise-ui';

// 一键求救 first (an emergency must not be searched for); 预警通知: the downwind warnings to acknowledge.
const ENTRIES: WorkEntry[] = [
  { label: '一键求救', mark: '救', color: '#d93025', url: INCIDENT_PAGES.sos },
  { label: '预警通知', mark: '预', color: '#fa9d3b', url: INCIDENT_PAGES.warnings },
  { label: '隐患上报', mark: '报', color: '#fa5151', url: HAZARD_PAGES.report },
  { label: '本企业隐患', mark: '隐', color: '#fa9d3b', url: HAZARD_PAGES.list },
  // 企业自查: the enterprise's self-inspection tasks (the pkg-inspection list shows enterprise users only those)
  { label: '企业自查', mark: '查', color: '#0b7a5a', url: INSPECTION_PAGES.list },
  // 物联网监测: the enterprise's alarms (确认, 处置) and its devices' live state
  { label: '报警处置', mark: '警', color: '#d9363e', url: IOT_PAGES.alarms },
  { label: '监测设备', mark: '测', color: '#1f5fbf', url: IOT_PAGES.devices },
  { label: '一企一档', mark: '档', color: '#10aeff', url: ENTERPRISE_PAGES.file },
  { label: '应急物资', mark: '物', color: '#07c160', url: ENTERPRISE_PAGES.supplies },
  { label: '持证人员', mark: '证', color: '#6467f0', url: ENTERPRISE_PAGES.certificates },
  { label: '危化品', mark: '危', color: '#d9363e', url: ENTERPRISE_PAGES.chemicals },
  { label: '风险四色', mark: '色', color: '#1f5fbf', url: ENTERPRISE_PAGES.colour },
  { label: '器材借用', mark: '借', color: '#6467f0', url: EQUIPMENT_PAGES.catalogue },
  { label: '应急预案', mark: '案', color: '#07c160' },
  { label: '法规查询', mark: '法', color: '#6467f0', url: LAW_PAGES.search },
  { label: '消息通知', mark: '讯', color: '#2f7cf6', url: '/pkg-enterprise/pages/notifications/index' },
];

/** How many of the enterprise's downwind warnings are not acknowledged yet (null until known or when offline). */
function useOpenWarnings(enterpriseId: string | null | undefined): number | null {
  const [open, setOpen] = useState<number | null>(null);
  const load = () => {
    if (!enterpriseId) return;
    client
      .get<MyWarnings>('/incidents/warnings/mine')
      .then((r) => setOpen(r.items.filter((w) => !w.acknowledgedAt).length))
      .catch(() => undefined); // the badge is a hint: the 预警通知 page itself reports errors
  };
  // First when the signed-in user is known, then each time the home is shown again (back from 预警通知).
  const shown = useRef(false);
  useEffect(load, [enterpriseId]);
  useDidShow(() => {
    if (shown.current) load();
    shown.current = true;
  });
  return open;
}

export default function EnterpriseHome() {
  const me = useSignedInMe();
  const openWarnings = useOpenWarnings(me?.enterpriseId);
  const entries = useMemo(
    () => ENTRIES.map((e) => (e.url === INCIDENT_PAGES.warnings ? { ...e, badge: openWarnings ?? 0 } : e)),
    [openWarnings],
  );
  return (
    <RoleHome
      me={me}
      theme="enterprise"
      title="企业安全工作台"
      entries={entries}
      extra={
        me?.enterpriseId ? (
          <>
            <EnterpriseOverview enterpriseId={me.enterpriseId} />
            <WorkbenchCards role={me.role} cacheKey={`workbench:${me.enterpriseId}`} />
          </>
        ) : null
      }
    />
  );
}
