import { can, isEnterpriseRole, type Role } from '@yuanan/contracts';
import { DUTY_PAGES, EQUIPMENT_PAGES, HAZARD_PAGES, IOT_PAGES, inspectionPageOf } from './routes';

/**
 * 应急联动 pages (pkg-incident): 一键求救 for every zone role, a rescuer's 出警任务, an enterprise's 预警通知. Kept in the
 * main package so the homes and the console page link to them without importing the subpackage.
 */
export const INCIDENT_PAGES = {
  sos: '/pkg-incident/pages/sos/index',
  dispatch: '/pkg-incident/pages/dispatch/index',
  warnings: '/pkg-incident/pages/warnings/index',
} as const;

/** 法规查询 pages (pkg-laws, every role): search, the reader of a version, one article (the page an article is shared as). */
export const LAW_PAGES = {
  search: '/pkg-laws/pages/search/index',
  reader: '/pkg-laws/pages/reader/index',
  article: '/pkg-laws/pages/article/index',
} as const;

/** The mini-program's permalink of an article: its article page (what a share or a cited article opens). */
export function lawArticlePage(versionId: string, articleKey: string): string {
  return `${LAW_PAGES.article}?versionId=${versionId}&key=${articleKey}`;
}

/**
 * 法规 links (the console's permalinks): `/laws/read/<versionId>#art-KEY` → that article's page, without an anchor
 * → the reader; `/laws` (search) and `/laws/library` → 法规查询. Management pages are the console's (null).
 */
function lawPage(link: string, role: Role): string | null {
  if (!can(role, 'laws.view')) return null;
  const [pathQuery = '', hash = ''] = link.split('#');
  const path = pathQuery.split('?')[0]!;
  const read = /^\/laws\/read\/([0-9a-f-]{36})$/i.exec(path);
  if (read) {
    const key = /^art-(\d{1,4}(?:-\d{1,2})?)$/.exec(hash)?.[1];
    return key ? lawArticlePage(read[1]!, key) : `${LAW_PAGES.reader}?versionId=${read[1]}`;
  }
  if (path === '/laws' || path === '/laws/library') return LAW_PAGES.search;
  return null;
}

/** The enterprise pages a workbench item can open (pkg-enterprise; kept here so the main package needs no import from it). */
const ENTERPRISE = {
  file: '/pkg-enterprise/pages/file/index',
  supplies: '/pkg-enterprise/pages/supplies/index',
  certificates: '/pkg-enterprise/pages/certificates/index',
  chemicals: '/pkg-enterprise/pages/chemicals/index',
} as const;

const OFFICE: readonly Role[] = ['safety_officer', 'zone_admin'];

/** The hazard list's tab (hazard-ui listTabs) for a ledger status filter, as the role's tabs are named. */
function hazardTab(role: Role, status: string | null): string {
  const office = OFFICE.includes(role);
  if (status === 'reported' || status === 'pending_review')
    return office ? 'todo' : status === 'reported' ? 'reported' : 'review';
  return 'rectifying';
}

/**
 * The mini-program page for a workbench link (the api's links are admin console paths), for the role reading it:
 * a hazard → its detail; a hazard list → the hazard list on the matching tab (overdue → 整改中 with 只看逾期, due soon →
 * 7 日内到期; one's own reports → 我上报的); an
 * enterprise's file and its certificate/supply/chemical tabs → those pages, for enterprise users only (their own
 * file); an inspection task → the task page, the task list (我的检查任务, 企业自查, 逾期未检) → 今日任务 on the matching
 * tab, for roles that read inspections; incidents → {@link incidentPage}; laws → {@link lawPage}. Null when the work has no page here (the item then tells what it is in a dialog).
 */
export function miniPageOf(link: string | null, role: Role): string | null {
  if (!link) return null;
  if (link.startsWith('/laws')) return lawPage(link, role);
  const [path = '', query = ''] = link.split('?');
  const params = new URLSearchParams(query);
  const hazard = /^\/hazards\/([0-9a-f-]{36})$/i.exec(path);
  if (hazard) return `${HAZARD_PAGES.detail}?id=${hazard[1]}`;
  // One's own reports (an inspector's card): the list on 我上报的, every status.
  // Extension requests are decided in the console: each item opens its hazard, the whole list has no page here.
  if (path === '/hazards' && params.get('extension')) return null;
  if (path === '/hazards' && params.get('mine') === 'true') return `${HAZARD_PAGES.list}?scope=mine`;
  if (path === '/hazards' && params.get('dueSoon') === 'true') return `${HAZARD_PAGES.list}?tab=rectifying&due=soon`;
  if (path === '/hazards') return `${HAZARD_PAGES.list}?tab=${hazardTab(role, params.get('status'))}`;
  if (path === '/hazards/overdue') return `${HAZARD_PAGES.list}?tab=rectifying&due=overdue`;
  if (path === '/hazards/major') return HAZARD_PAGES.list;
  if (path.startsWith('/inspections/')) return can(role, 'inspections.read') ? inspectionPageOf(link) : null;
  if (path.startsWith('/duty/') || path.startsWith('/equipment/')) return dutyOrEquipmentPage(path, params, role);
  if (path.startsWith('/iot/')) return iotPage(path, params, role);
  if (path.startsWith('/pkg-incident/') || path.startsWith('/incidents')) return incidentPage(path, params, role);
  if (isEnterpriseRole(role) && /^\/enterprises\/[0-9a-f-]{36}$/i.test(path)) {
    const tab = params.get('tab');
    if (tab === 'certificates') return ENTERPRISE.certificates;
    if (tab === 'supplies') return ENTERPRISE.supplies;
    if (tab === 'chemicals') return ENTERPRISE.chemicals;
    return ENTERPRISE.file;
  }
  return null;
}

/**
 * 值班 and 器材室 links (issue 10's workbench cards and notifications): swaps → 换班请求 on the tab of who acts
 * (待审批 for a leader's queue, 待我回应 for one asked of me, else 我发起的); the roster → 我的班次 (a gap's team roster
 * and leave are the console's); a unit → its page; loans → 借出与归还 on the matching tab for the keeper, 我的借用 for a
 * borrower; a borrower's request → 我的借用 › 借用申请. Requests to approve and maintenance are the console's (null).
 */
function dutyOrEquipmentPage(path: string, params: URLSearchParams, role: Role): string | null {
  if (path === '/duty/swaps' && can(role, 'duty.self')) {
    const status = params.get('status');
    if (status === 'accepted' && can(role, 'duty.manage')) return `${DUTY_PAGES.swaps}?tab=approve`;
    return `${DUTY_PAGES.swaps}?tab=${status === 'requested' ? 'incoming' : 'outgoing'}`;
  }
  if (path === '/duty/roster' && !params.get('teamId') && can(role, 'duty.self')) return DUTY_PAGES.shifts;
  const unit = /^\/equipment\/units\/([0-9a-f-]{36})$/i.exec(path);
  if (unit && can(role, 'equipment.read')) return `${EQUIPMENT_PAGES.unit}?id=${unit[1]}`;
  if (path === '/equipment/loans') {
    if (can(role, 'equipment.lend'))
      return `${EQUIPMENT_PAGES.loans}?tab=${params.get('state') === 'overdue' ? 'overdue' : 'current'}`;
    if (can(role, 'equipment.request')) return `${EQUIPMENT_PAGES.mine}?tab=loans`;
  }
  // a borrower's request decided (批准 / 驳回): their list; the keeper approves in the console
  if (path === '/equipment/requests' && can(role, 'equipment.request') && !can(role, 'equipment.lend'))
    return `${EQUIPMENT_PAGES.mine}?tab=requests`;
  return null;
}

/**
 * 物联网 links (issue 11's workbench cards and notifications): an alarm → its detail; the alarm list → 物联网报警 on
 * the matching tab (unack → 未确认, active → 报警中, cleared → 已恢复, closed → 已处置, else 未处置); devices → 我的设备 for
 * enterprise users. Rules, statistics, calibration and the monitoring map are the console's (null).
 */
function iotPage(path: string, params: URLSearchParams, role: Role): string | null {
  if (!can(role, 'iot.read')) return null;
  const alarm = /^\/iot\/alarms\/([0-9a-f-]{36})$/i.exec(path);
  if (alarm) return `${IOT_PAGES.alarm}?id=${alarm[1]}`;
  if (path === '/iot/alarms' && can(role, 'iot.alarms.handle')) {
    const status = params.get('status');
    const tab = status === 'unack' || status === 'active' || status === 'cleared' || status === 'closed' ? status : 'open';
    return `${IOT_PAGES.alarms}?tab=${tab}`;
  }
  if (path === '/iot/devices' && isEnterpriseRole(role)) return IOT_PAGES.devices;
  return null;
}

/**
 * 应急联动 links (issue 12's notices and workbench cards): a notice that already names a pkg-incident page (a member's
 * dispatch: `/pkg-incident/pages/dispatch/index?id=…`) opens it for the roles that page serves; a dispatch
 * (`/incidents/dispatches/<id>`) or 我的出警 (`/incidents/my-dispatches`) → 出警任务 for rescuers; an incident
 * (`/incidents/<id>`) → the rescuer's task on it, or 我的求救 (the SOS page) for the roles that raise SOS; warnings
 * (`/incidents/warnings…`) → 预警通知 for enterprise users. The desk's pages (the incident desk, plans, statistics)
 * are the console's (null).
 */
function incidentPage(path: string, params: URLSearchParams, role: Role): string | null {
  const respond = can(role, 'incidents.respond');
  const warned = can(role, 'incidents.warnings.ack');
  if (path === INCIDENT_PAGES.dispatch) {
    const id = params.get('id');
    return respond ? (id && /^[0-9a-f-]{36}$/i.test(id) ? `${INCIDENT_PAGES.dispatch}?id=${id}` : INCIDENT_PAGES.dispatch) : null;
  }
  if (path === INCIDENT_PAGES.warnings) return warned ? INCIDENT_PAGES.warnings : null;
  if (path === INCIDENT_PAGES.sos) return can(role, 'incidents.sos') ? INCIDENT_PAGES.sos : null;
  if (path.startsWith('/incidents/warnings')) return warned ? INCIDENT_PAGES.warnings : null;
  const dispatch = /^\/incidents\/dispatches\/([0-9a-f-]{36})$/i.exec(path);
  if (dispatch) return respond ? `${INCIDENT_PAGES.dispatch}?id=${dispatch[1]}` : null;
  if (path === '/incidents/my-dispatches') return respond ? INCIDENT_PAGES.dispatch : null;
  const incident = /^\/incidents\/([0-9a-f-]{36})$/i.exec(path);
  if (incident) {
    if (respond) return `${INCIDENT_PAGES.dispatch}?incident=${incident[1]}`;
    if (isEnterpriseRole(role) && params.get('tab') === 'warnings') return INCIDENT_PAGES.warnings;
    if (can(role, 'incidents.sos') && !can(role, 'incidents.manage')) return INCIDENT_PAGES.sos;
  }
  return null;
}
