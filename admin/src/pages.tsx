import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import {
  AlertOutlined,
  ApartmentOutlined,
  BarChartOutlined,
  CarryOutOutlined,
  CoffeeOutlined,
  FieldTimeOutlined,
  SwapOutlined,
  UsergroupAddOutlined,
  ClockCircleOutlined,
  CloudUploadOutlined,
  DashboardOutlined,
  DiffOutlined,
  EnvironmentOutlined,
  ExceptionOutlined,
  FileSearchOutlined,
  FlagOutlined,
  FundOutlined,
  ShopOutlined,
  SlidersOutlined,
  AuditOutlined,
  CalendarOutlined,
  FileDoneOutlined,
  FormOutlined,
  PieChartOutlined,
  ProfileOutlined,
  ScheduleOutlined,
  SolutionOutlined,
  CloudServerOutlined,
  HomeOutlined,
  IdcardOutlined,
  QrcodeOutlined,
  SafetyOutlined,
  SettingOutlined,
  TeamOutlined,
  UserOutlined,
  ToolOutlined,
  AppstoreOutlined,
  DatabaseOutlined,
  InboxOutlined,
  ExperimentOutlined,
  BarcodeOutlined,
  ApiOutlined,
  MonitorOutlined,
  NotificationOutlined,
  FireOutlined,
  UnorderedListOutlined,
  FileProtectOutlined,
  AimOutlined,
  DesktopOutlined,
  BookOutlined,
  ReadOutlined,
  SearchOutlined,
  ControlOutlined,
  GlobalOutlined,
  SafetyCertificateOutlined,
  LinkOutlined,
  KeyOutlined,
  SendOutlined,
} from '@ant-design/icons';
import type { Permission } from '@yuanan/contracts';
import { matchPath } from 'react-router';
import type { PageScope } from './auth/access.ts';
import type { MessageKey } from './i18n/zh-CN.ts';

export type MenuGroup =
  | 'platform'
  | 'enterprise'
  | 'risk'
  | 'iot'
  | 'incident'
  | 'hazard'
  | 'inspection'
  | 'duty'
  | 'equipment'
  | 'laws'
  | 'integration'
  | 'identity'
  | 'trace'
  | 'city';

export const MENU_GROUPS: Record<MenuGroup, { label: MessageKey; icon: ReactNode }> = {
  platform: { label: 'menu.platform', icon: <CloudServerOutlined /> },
  enterprise: { label: 'menu.enterpriseGroup', icon: <ShopOutlined /> },
  risk: { label: 'menu.riskGroup', icon: <DashboardOutlined /> },
  iot: { label: 'menu.iotGroup', icon: <ApiOutlined /> },
  incident: { label: 'menu.incidentGroup', icon: <FireOutlined /> },
  hazard: { label: 'menu.hazardGroup', icon: <AlertOutlined /> },
  inspection: { label: 'menu.inspectionGroup', icon: <ScheduleOutlined /> },
  equipment: { label: 'menu.equipmentGroup', icon: <ToolOutlined /> },
  laws: { label: 'menu.lawGroup', icon: <BookOutlined /> },
  integration: { label: 'menu.integrationGroup', icon: <LinkOutlined /> },
  duty: { label: 'menu.dutyGroup', icon: <FieldTimeOutlined /> },
  identity: { label: 'menu.identity', icon: <TeamOutlined /> },
  trace: { label: 'menu.trace', icon: <SafetyOutlined /> },
  city: { label: 'menu.cityGroup', icon: <GlobalOutlined /> },
};

export interface PageDef {
  key: string;
  path: string;
  label: MessageKey;
  icon: ReactNode;
  group?: MenuGroup;
  scope: PageScope;
  permission: Permission;
  inMenu: boolean;
  /** A page reached from another (a detail page): the menu highlights the parent, the breadcrumb names it. */
  parent?: string;
  component: LazyExoticComponent<ComponentType>;
}

/** One chunk per page (route-level code splitting). */
const HomePage = lazy(() => import('./pages/home/home-page.tsx').then((m) => ({ default: m.HomePage })));
const ZonesPage = lazy(() => import('./pages/zones/zones-page.tsx').then((m) => ({ default: m.ZonesPage })));
const QueuesPage = lazy(() => import('./pages/queues/queues-page.tsx').then((m) => ({ default: m.QueuesPage })));
const UsersPage = lazy(() => import('./pages/users/users-page.tsx').then((m) => ({ default: m.UsersPage })));
const RolesPage = lazy(() => import('./pages/roles/roles-page.tsx').then((m) => ({ default: m.RolesPage })));
const InvitationsPage = lazy(() =>
  import('./pages/invitations/invitations-page.tsx').then((m) => ({ default: m.InvitationsPage })),
);
const AuditPage = lazy(() => import('./pages/audit/audit-page.tsx').then((m) => ({ default: m.AuditPage })));
const EnterprisesPage = lazy(() =>
  import('./pages/enterprises/enterprises-page.tsx').then((m) => ({ default: m.EnterprisesPage })),
);
const EnterpriseDetailPage = lazy(() =>
  import('./pages/enterprises/enterprise-detail-page.tsx').then((m) => ({ default: m.EnterpriseDetailPage })),
);
const ImportPage = lazy(() => import('./pages/enterprises/import-page.tsx').then((m) => ({ default: m.ImportPage })));
const ChangesPage = lazy(() => import('./pages/enterprises/changes-page.tsx').then((m) => ({ default: m.ChangesPage })));
const RiskDashboardPage = lazy(() => import('./pages/risk/dashboard-page.tsx').then((m) => ({ default: m.RiskDashboardPage })));
const RiskMapPage = lazy(() => import('./pages/risk/map-page.tsx').then((m) => ({ default: m.RiskMapPage })));
const RiskModelPage = lazy(() => import('./pages/risk/model-page.tsx').then((m) => ({ default: m.RiskModelPage })));
const TasksPage = lazy(() => import('./pages/tasks/tasks-page.tsx').then((m) => ({ default: m.TasksPage })));
const HazardsPage = lazy(() => import('./pages/hazards/hazards-page.tsx').then((m) => ({ default: m.HazardsPage })));
const HazardDetailPage = lazy(() =>
  import('./pages/hazards/hazard-detail-page.tsx').then((m) => ({ default: m.HazardDetailPage })),
);
const OverduePage = lazy(() => import('./pages/hazards/overdue-page.tsx').then((m) => ({ default: m.OverduePage })));
const MajorPage = lazy(() => import('./pages/hazards/major-page.tsx').then((m) => ({ default: m.MajorPage })));
const HazardStatsPage = lazy(() => import('./pages/hazards/stats-page.tsx').then((m) => ({ default: m.HazardStatsPage })));
const InspectionTasksPage = lazy(() => import('./pages/inspections/tasks-page.tsx').then((m) => ({ default: m.TasksPage })));
const InspectionTaskPage = lazy(() =>
  import('./pages/inspections/task-detail-page.tsx').then((m) => ({ default: m.TaskDetailPage })),
);
const InspectionPlansPage = lazy(() => import('./pages/inspections/plans-page.tsx').then((m) => ({ default: m.PlansPage })));
const InspectionTemplatesPage = lazy(() =>
  import('./pages/inspections/templates-page.tsx').then((m) => ({ default: m.TemplatesPage })),
);
const InspectionAgenciesPage = lazy(() =>
  import('./pages/inspections/agencies-page.tsx').then((m) => ({ default: m.AgenciesPage })),
);
const InspectionCoveragePage = lazy(() =>
  import('./pages/inspections/coverage-page.tsx').then((m) => ({ default: m.CoveragePage })),
);
const DutyRosterPage = lazy(() => import('./pages/duty/roster-page.tsx').then((m) => ({ default: m.RosterPage })));
const DutySwapsPage = lazy(() => import('./pages/duty/swaps-page.tsx').then((m) => ({ default: m.SwapsPage })));
const DutyLeavesPage = lazy(() => import('./pages/duty/leaves-page.tsx').then((m) => ({ default: m.LeavesPage })));
const DutyTeamsPage = lazy(() => import('./pages/duty/teams-page.tsx').then((m) => ({ default: m.TeamsPage })));
const DutyFairnessPage = lazy(() => import('./pages/duty/fairness-page.tsx').then((m) => ({ default: m.FairnessPage })));
const EquipmentCataloguePage = lazy(() =>
  import('./pages/equipment/catalogue-page.tsx').then((m) => ({ default: m.CataloguePage })),
);
const EquipmentUnitsPage = lazy(() => import('./pages/equipment/units-page.tsx').then((m) => ({ default: m.UnitsPage })));
const EquipmentUnitPage = lazy(() =>
  import('./pages/equipment/unit-detail-page.tsx').then((m) => ({ default: m.UnitDetailPage })),
);
const EquipmentRequestsPage = lazy(() =>
  import('./pages/equipment/requests-page.tsx').then((m) => ({ default: m.RequestsPage })),
);
const EquipmentLoansPage = lazy(() => import('./pages/equipment/loans-page.tsx').then((m) => ({ default: m.LoansPage })));
const EquipmentMaintenancePage = lazy(() =>
  import('./pages/equipment/maintenance-page.tsx').then((m) => ({ default: m.MaintenancePage })),
);
const IotMonitorPage = lazy(() => import('./pages/iot/monitor-page.tsx').then((m) => ({ default: m.MonitorPage })));
const IotAlarmsPage = lazy(() => import('./pages/iot/alarms-page.tsx').then((m) => ({ default: m.AlarmsPage })));
const IotAlarmPage = lazy(() => import('./pages/iot/alarm-detail-page.tsx').then((m) => ({ default: m.AlarmDetailPage })));
const IotDevicesPage = lazy(() => import('./pages/iot/devices-page.tsx').then((m) => ({ default: m.DevicesPage })));
const IotRulesPage = lazy(() => import('./pages/iot/rules-page.tsx').then((m) => ({ default: m.RulesPage })));
const IotStatsPage = lazy(() => import('./pages/iot/stats-page.tsx').then((m) => ({ default: m.IotStatsPage })));
const IncidentsPage = lazy(() => import('./pages/incidents/list-page.tsx').then((m) => ({ default: m.IncidentsPage })));
const IncidentDeskPage = lazy(() => import('./pages/incidents/desk-page.tsx').then((m) => ({ default: m.IncidentDeskPage })));
const IncidentStatsPage = lazy(() => import('./pages/incidents/stats-page.tsx').then((m) => ({ default: m.IncidentStatsPage })));
const ResponsePlansPage = lazy(() =>
  import('./pages/incidents/response-plans-page.tsx').then((m) => ({ default: m.ResponsePlansPage })),
);
const SensitiveTargetsPage = lazy(() =>
  import('./pages/incidents/sensitive-targets-page.tsx').then((m) => ({ default: m.SensitiveTargetsPage })),
);
/** The menu's way to the command hall: the route itself lives outside the console frame (app.tsx), which wins. */
const CommandHallPage = lazy(() =>
  import('./pages/command-hall/command-hall-page.tsx').then((m) => ({ default: m.CommandHallPage })),
);
const LawSearchPage = lazy(() => import('./pages/laws/search-page.tsx').then((m) => ({ default: m.LawSearchPage })));
const LawLibraryPage = lazy(() => import('./pages/laws/library-page.tsx').then((m) => ({ default: m.LawLibraryPage })));
const LawReaderPage = lazy(() => import('./pages/laws/reader-page.tsx').then((m) => ({ default: m.LawReaderPage })));
const LawManagePage = lazy(() => import('./pages/laws/manage-page.tsx').then((m) => ({ default: m.LawManagePage })));
const ApiKeysPage = lazy(() => import('./pages/integration/api-keys-page.tsx').then((m) => ({ default: m.ApiKeysPage })));
const WebhooksPage = lazy(() => import('./pages/integration/webhooks-page.tsx').then((m) => ({ default: m.WebhooksPage })));
const ExportsPage = lazy(() => import('./pages/integration/exports-page.tsx').then((m) => ({ default: m.ExportsPage })));
const SettingsPage = lazy(() => import('./pages/settings/settings-page.tsx').then((m) => ({ default: m.SettingsPage })));
// city supervision: the platform's bureaus and grants, a bureau's city views, a zone's 上级查看记录
const SupervisionPage = lazy(() =>
  import('./pages/supervision/supervision-page.tsx').then((m) => ({ default: m.SupervisionPage })),
);
const ZoneReadsPage = lazy(() => import('./pages/supervision/zone-reads-page.tsx').then((m) => ({ default: m.ZoneReadsPage })));
const BureauReadsPage = lazy(() =>
  import('./pages/supervision/zone-reads-page.tsx').then((m) => ({ default: m.BureauReadsPage })),
);
const CityOverviewPage = lazy(() => import('./pages/city/overview-page.tsx').then((m) => ({ default: m.CityOverviewPage })));
const CityZoneSummaryPage = lazy(() =>
  import('./pages/city/zone-summary-page.tsx').then((m) => ({ default: m.CityZoneSummaryPage })),
);
const CityMapPage = lazy(() => import('./pages/city/map-page.tsx').then((m) => ({ default: m.CityMapPage })));
const CityHazardStatsPage = lazy(() =>
  import('./pages/city/hazard-stats-page.tsx').then((m) => ({ default: m.CityHazardStatsPage })),
);
const ProfilePage = lazy(() => import('./pages/profile/profile-page.tsx').then((m) => ({ default: m.ProfilePage })));

/** The console's pages: the side menu, breadcrumbs and route guards are all built from this list. */
export const PAGES: PageDef[] = [
  {
    key: 'home',
    path: '/',
    label: 'menu.home',
    icon: <HomeOutlined />,
    scope: 'any',
    permission: 'self',
    inMenu: true,
    component: HomePage,
  },
  {
    key: 'zones',
    path: '/platform/zones',
    label: 'menu.zones',
    icon: <ApartmentOutlined />,
    group: 'platform',
    scope: 'platform',
    permission: 'platform.tenants.manage',
    inMenu: true,
    component: ZonesPage,
  },
  {
    key: 'queues',
    path: '/platform/queues',
    label: 'menu.queues',
    icon: <CloudServerOutlined />,
    group: 'platform',
    scope: 'platform',
    permission: 'platform.queues.view',
    inMenu: true,
    component: QueuesPage,
  },
  {
    key: 'supervision',
    path: '/platform/supervision',
    label: 'menu.supervision',
    icon: <SafetyCertificateOutlined />,
    group: 'platform',
    scope: 'platform',
    permission: 'supervision.grants.manage',
    inMenu: true,
    component: SupervisionPage,
  },
  {
    key: 'cityOverview',
    path: '/city/overview',
    label: 'menu.cityOverview',
    icon: <FundOutlined />,
    group: 'city',
    scope: 'bureau',
    permission: 'supervision.read',
    inMenu: true,
    component: CityOverviewPage,
  },
  {
    key: 'cityMap',
    path: '/city/map',
    label: 'menu.cityMap',
    icon: <EnvironmentOutlined />,
    group: 'city',
    scope: 'bureau',
    permission: 'supervision.read',
    inMenu: true,
    component: CityMapPage,
  },
  {
    key: 'cityHazardStats',
    path: '/city/hazard-stats',
    label: 'menu.cityHazardStats',
    icon: <BarChartOutlined />,
    group: 'city',
    scope: 'bureau',
    permission: 'supervision.read',
    inMenu: true,
    component: CityHazardStatsPage,
  },
  {
    key: 'cityReads',
    path: '/city/reads',
    label: 'menu.cityReads',
    icon: <FileSearchOutlined />,
    group: 'city',
    scope: 'bureau',
    permission: 'supervision.read',
    inMenu: true,
    component: BureauReadsPage,
  },
  {
    key: 'cityZone',
    path: '/city/zones/:zoneId',
    label: 'menu.cityZone',
    icon: <ApartmentOutlined />,
    group: 'city',
    scope: 'bureau',
    permission: 'supervision.read',
    inMenu: false,
    parent: 'cityOverview',
    component: CityZoneSummaryPage,
  },
  {
    key: 'enterprises',
    path: '/enterprises',
    label: 'menu.enterprises',
    icon: <ShopOutlined />,
    group: 'enterprise',
    scope: 'zone',
    permission: 'enterprises.read',
    inMenu: true,
    component: EnterprisesPage,
  },
  {
    key: 'enterpriseChanges',
    path: '/enterprises/changes',
    label: 'menu.enterpriseChanges',
    icon: <DiffOutlined />,
    group: 'enterprise',
    scope: 'zone',
    permission: 'enterprises.approve',
    inMenu: true,
    component: ChangesPage,
  },
  {
    key: 'enterpriseImport',
    path: '/enterprises/import',
    label: 'menu.enterpriseImport',
    icon: <CloudUploadOutlined />,
    group: 'enterprise',
    scope: 'zone',
    permission: 'enterprises.import',
    inMenu: true,
    component: ImportPage,
  },
  {
    key: 'enterprise',
    path: '/enterprises/:id',
    label: 'menu.enterprise',
    icon: <ShopOutlined />,
    group: 'enterprise',
    scope: 'zone',
    permission: 'enterprises.read',
    inMenu: false,
    parent: 'enterprises',
    component: EnterpriseDetailPage,
  },
  {
    key: 'riskDashboard',
    path: '/risk/dashboard',
    label: 'menu.riskDashboard',
    icon: <FundOutlined />,
    group: 'risk',
    scope: 'zone',
    permission: 'dashboard.read',
    inMenu: true,
    component: RiskDashboardPage,
  },
  {
    key: 'riskMap',
    path: '/risk/map',
    label: 'menu.riskMap',
    icon: <EnvironmentOutlined />,
    group: 'risk',
    scope: 'zone',
    permission: 'risk.read',
    inMenu: true,
    component: RiskMapPage,
  },
  {
    key: 'riskModel',
    path: '/risk/model',
    label: 'menu.riskModel',
    icon: <SlidersOutlined />,
    group: 'risk',
    scope: 'zone',
    permission: 'risk.read',
    inMenu: true,
    component: RiskModelPage,
  },
  {
    key: 'tasks',
    path: '/tasks',
    label: 'menu.tasks',
    icon: <CarryOutOutlined />,
    group: 'risk',
    scope: 'zone',
    permission: 'tasks.read',
    inMenu: true,
    component: TasksPage,
  },
  {
    key: 'iotMonitor',
    path: '/iot/monitor',
    label: 'menu.iotMonitor',
    icon: <MonitorOutlined />,
    group: 'iot',
    scope: 'zone',
    permission: 'iot.read',
    inMenu: true,
    component: IotMonitorPage,
  },
  {
    key: 'iotAlarms',
    path: '/iot/alarms',
    label: 'menu.iotAlarms',
    icon: <NotificationOutlined />,
    group: 'iot',
    scope: 'zone',
    permission: 'iot.read',
    inMenu: true,
    component: IotAlarmsPage,
  },
  {
    key: 'iotAlarm',
    path: '/iot/alarms/:id',
    label: 'menu.iotAlarm',
    icon: <ExceptionOutlined />,
    group: 'iot',
    scope: 'zone',
    permission: 'iot.read',
    inMenu: false,
    parent: 'iotAlarms',
    component: IotAlarmPage,
  },
  {
    key: 'iotDevices',
    path: '/iot/devices',
    label: 'menu.iotDevices',
    icon: <DatabaseOutlined />,
    group: 'iot',
    scope: 'zone',
    permission: 'iot.read',
    inMenu: true,
    component: IotDevicesPage,
  },
  {
    key: 'iotRules',
    path: '/iot/rules',
    label: 'menu.iotRules',
    icon: <SlidersOutlined />,
    group: 'iot',
    scope: 'zone',
    permission: 'iot.manage',
    inMenu: true,
    component: IotRulesPage,
  },
  {
    key: 'iotStats',
    path: '/iot/stats',
    label: 'menu.iotStats',
    icon: <BarChartOutlined />,
    group: 'iot',
    scope: 'zone',
    permission: 'iot.read',
    inMenu: true,
    component: IotStatsPage,
  },
  {
    key: 'incidents',
    path: '/incidents',
    label: 'menu.incidents',
    icon: <UnorderedListOutlined />,
    group: 'incident',
    scope: 'zone',
    permission: 'incidents.read',
    inMenu: true,
    component: IncidentsPage,
  },
  {
    key: 'commandHall',
    path: '/command-hall',
    label: 'menu.commandHall',
    icon: <DesktopOutlined />,
    group: 'incident',
    scope: 'zone',
    permission: 'command_hall.view',
    inMenu: true,
    component: CommandHallPage,
  },
  {
    key: 'incidentStats',
    path: '/incidents/stats',
    label: 'menu.incidentStats',
    icon: <BarChartOutlined />,
    group: 'incident',
    scope: 'zone',
    permission: 'incidents.read',
    inMenu: true,
    component: IncidentStatsPage,
  },
  {
    key: 'responsePlans',
    path: '/incidents/plans',
    label: 'menu.responsePlans',
    icon: <FileProtectOutlined />,
    group: 'incident',
    scope: 'zone',
    permission: 'incidents.read',
    inMenu: true,
    component: ResponsePlansPage,
  },
  {
    key: 'sensitiveTargets',
    path: '/incidents/targets',
    label: 'menu.sensitiveTargets',
    icon: <AimOutlined />,
    group: 'incident',
    scope: 'zone',
    permission: 'incidents.read',
    inMenu: true,
    component: SensitiveTargetsPage,
  },
  {
    key: 'incident',
    path: '/incidents/:id',
    label: 'menu.incident',
    icon: <ExceptionOutlined />,
    group: 'incident',
    scope: 'zone',
    permission: 'incidents.read',
    inMenu: false,
    parent: 'incidents',
    component: IncidentDeskPage,
  },
  {
    key: 'hazards',
    path: '/hazards',
    label: 'menu.hazards',
    icon: <FileSearchOutlined />,
    group: 'hazard',
    scope: 'zone',
    permission: 'hazards.read',
    inMenu: true,
    component: HazardsPage,
  },
  {
    key: 'hazardsOverdue',
    path: '/hazards/overdue',
    label: 'menu.hazardsOverdue',
    icon: <ClockCircleOutlined />,
    group: 'hazard',
    scope: 'zone',
    permission: 'hazards.read',
    inMenu: true,
    component: OverduePage,
  },
  {
    key: 'hazardsMajor',
    path: '/hazards/major',
    label: 'menu.hazardsMajor',
    icon: <FlagOutlined />,
    group: 'hazard',
    scope: 'zone',
    permission: 'hazards.read',
    inMenu: true,
    component: MajorPage,
  },
  {
    key: 'hazardStats',
    path: '/hazards/stats',
    label: 'menu.hazardStats',
    icon: <BarChartOutlined />,
    group: 'hazard',
    scope: 'zone',
    permission: 'hazards.read',
    inMenu: true,
    component: HazardStatsPage,
  },
  {
    key: 'hazard',
    path: '/hazards/:id',
    label: 'menu.hazard',
    icon: <ExceptionOutlined />,
    group: 'hazard',
    scope: 'zone',
    permission: 'hazards.read',
    inMenu: false,
    parent: 'hazards',
    component: HazardDetailPage,
  },
  {
    key: 'inspectionTasks',
    path: '/inspections/tasks',
    label: 'menu.inspectionTasks',
    icon: <CalendarOutlined />,
    group: 'inspection',
    scope: 'zone',
    permission: 'inspections.read',
    inMenu: true,
    component: InspectionTasksPage,
  },
  {
    key: 'inspectionPlans',
    path: '/inspections/plans',
    label: 'menu.inspectionPlans',
    icon: <ProfileOutlined />,
    group: 'inspection',
    scope: 'zone',
    permission: 'inspections.plans.manage',
    inMenu: true,
    component: InspectionPlansPage,
  },
  {
    key: 'inspectionTemplates',
    path: '/inspections/templates',
    label: 'menu.inspectionTemplates',
    icon: <FormOutlined />,
    group: 'inspection',
    scope: 'zone',
    permission: 'inspections.read',
    inMenu: true,
    component: InspectionTemplatesPage,
  },
  {
    key: 'inspectionAgencies',
    path: '/inspections/agencies',
    label: 'menu.inspectionAgencies',
    icon: <SolutionOutlined />,
    group: 'inspection',
    scope: 'zone',
    permission: 'inspections.agencies.manage',
    inMenu: true,
    component: InspectionAgenciesPage,
  },
  {
    key: 'inspectionCoverage',
    path: '/inspections/coverage',
    label: 'menu.inspectionCoverage',
    icon: <PieChartOutlined />,
    group: 'inspection',
    scope: 'zone',
    permission: 'inspections.export',
    inMenu: true,
    component: InspectionCoveragePage,
  },
  {
    key: 'inspectionTask',
    path: '/inspections/tasks/:id',
    label: 'menu.inspectionTask',
    icon: <FileDoneOutlined />,
    group: 'inspection',
    scope: 'zone',
    permission: 'inspections.read',
    inMenu: false,
    parent: 'inspectionTasks',
    component: InspectionTaskPage,
  },
  {
    key: 'dutyRoster',
    path: '/duty/roster',
    label: 'menu.dutyRoster',
    icon: <CalendarOutlined />,
    group: 'duty',
    scope: 'zone',
    permission: 'duty.read',
    inMenu: true,
    component: DutyRosterPage,
  },
  {
    key: 'dutySwaps',
    path: '/duty/swaps',
    label: 'menu.dutySwaps',
    icon: <SwapOutlined />,
    group: 'duty',
    scope: 'zone',
    permission: 'duty.manage',
    inMenu: true,
    component: DutySwapsPage,
  },
  {
    key: 'dutyLeaves',
    path: '/duty/leaves',
    label: 'menu.dutyLeaves',
    icon: <CoffeeOutlined />,
    group: 'duty',
    scope: 'zone',
    permission: 'duty.manage',
    inMenu: true,
    component: DutyLeavesPage,
  },
  {
    key: 'dutyTeams',
    path: '/duty/teams',
    label: 'menu.dutyTeams',
    icon: <UsergroupAddOutlined />,
    group: 'duty',
    scope: 'zone',
    permission: 'duty.read',
    inMenu: true,
    component: DutyTeamsPage,
  },
  {
    key: 'dutyFairness',
    path: '/duty/fairness',
    label: 'menu.dutyFairness',
    icon: <BarChartOutlined />,
    group: 'duty',
    scope: 'zone',
    permission: 'duty.export',
    inMenu: true,
    component: DutyFairnessPage,
  },
  {
    key: 'equipmentCatalogue',
    path: '/equipment/models',
    label: 'menu.equipmentCatalogue',
    icon: <AppstoreOutlined />,
    group: 'equipment',
    scope: 'zone',
    permission: 'equipment.read',
    inMenu: true,
    component: EquipmentCataloguePage,
  },
  {
    key: 'equipmentUnits',
    path: '/equipment/units',
    label: 'menu.equipmentUnits',
    icon: <DatabaseOutlined />,
    group: 'equipment',
    scope: 'zone',
    permission: 'equipment.read',
    inMenu: true,
    component: EquipmentUnitsPage,
  },
  {
    key: 'equipmentRequests',
    path: '/equipment/requests',
    label: 'menu.equipmentRequests',
    icon: <InboxOutlined />,
    group: 'equipment',
    scope: 'zone',
    permission: 'equipment.lend',
    inMenu: true,
    component: EquipmentRequestsPage,
  },
  {
    key: 'equipmentLoans',
    path: '/equipment/loans',
    label: 'menu.equipmentLoans',
    icon: <SwapOutlined />,
    group: 'equipment',
    scope: 'zone',
    permission: 'equipment.lend',
    inMenu: true,
    component: EquipmentLoansPage,
  },
  {
    key: 'equipmentMaintenance',
    path: '/equipment/maintenance',
    label: 'menu.equipmentMaintenance',
    icon: <ExperimentOutlined />,
    group: 'equipment',
    scope: 'zone',
    permission: 'equipment.manage',
    inMenu: true,
    component: EquipmentMaintenancePage,
  },
  {
    key: 'equipmentUnit',
    path: '/equipment/units/:id',
    label: 'menu.equipmentUnit',
    icon: <BarcodeOutlined />,
    group: 'equipment',
    scope: 'zone',
    permission: 'equipment.read',
    inMenu: false,
    parent: 'equipmentUnits',
    component: EquipmentUnitPage,
  },
  {
    key: 'lawSearch',
    path: '/laws',
    label: 'menu.lawSearch',
    icon: <SearchOutlined />,
    group: 'laws',
    scope: 'any',
    permission: 'laws.view',
    inMenu: true,
    component: LawSearchPage,
  },
  {
    key: 'lawLibrary',
    path: '/laws/library',
    label: 'menu.lawLibrary',
    icon: <BookOutlined />,
    group: 'laws',
    scope: 'any',
    permission: 'laws.view',
    inMenu: true,
    component: LawLibraryPage,
  },
  {
    key: 'lawManage',
    path: '/laws/manage',
    label: 'menu.lawManage',
    icon: <ControlOutlined />,
    group: 'laws',
    scope: 'any',
    permission: 'laws.manage',
    inMenu: true,
    component: LawManagePage,
  },
  {
    key: 'lawReader',
    path: '/laws/read/:versionId',
    label: 'menu.lawReader',
    icon: <ReadOutlined />,
    group: 'laws',
    scope: 'any',
    permission: 'laws.view',
    inMenu: false,
    parent: 'lawLibrary',
    component: LawReaderPage,
  },
  {
    key: 'apiKeys',
    path: '/integration/api-keys',
    label: 'menu.apiKeys',
    icon: <KeyOutlined />,
    group: 'integration',
    scope: 'zone',
    permission: 'integration.read',
    inMenu: true,
    component: ApiKeysPage,
  },
  {
    key: 'webhooks',
    path: '/integration/webhooks',
    label: 'menu.webhooks',
    icon: <SendOutlined />,
    group: 'integration',
    scope: 'zone',
    permission: 'integration.read',
    inMenu: true,
    component: WebhooksPage,
  },
  {
    key: 'exports',
    path: '/integration/exports',
    label: 'menu.exports',
    icon: <CloudUploadOutlined />,
    group: 'integration',
    scope: 'zone',
    permission: 'integration.read',
    inMenu: true,
    component: ExportsPage,
  },
  {
    key: 'users',
    path: '/users',
    label: 'menu.users',
    icon: <TeamOutlined />,
    group: 'identity',
    scope: 'zone',
    permission: 'users.read',
    inMenu: true,
    component: UsersPage,
  },
  {
    key: 'roles',
    path: '/roles',
    label: 'menu.roles',
    icon: <IdcardOutlined />,
    group: 'identity',
    scope: 'zone',
    permission: 'catalog.read',
    inMenu: true,
    component: RolesPage,
  },
  {
    key: 'invitations',
    path: '/invitations',
    label: 'menu.invitations',
    icon: <QrcodeOutlined />,
    group: 'identity',
    scope: 'zone',
    permission: 'invitations.manage',
    inMenu: true,
    component: InvitationsPage,
  },
  {
    key: 'settings',
    path: '/settings',
    label: 'menu.settings',
    icon: <SettingOutlined />,
    group: 'identity',
    scope: 'zone',
    permission: 'tenant.settings.read',
    inMenu: true,
    component: SettingsPage,
  },
  {
    key: 'supervisionReads',
    path: '/settings/supervision-reads',
    label: 'menu.supervisionReads',
    icon: <AuditOutlined />,
    group: 'identity',
    scope: 'zone',
    permission: 'supervision.log.read',
    inMenu: true,
    component: ZoneReadsPage,
  },
  {
    key: 'audit',
    path: '/audit',
    label: 'menu.audit',
    icon: <AuditOutlined />,
    group: 'trace',
    scope: 'any',
    permission: 'audit.read',
    inMenu: true,
    component: AuditPage,
  },
  {
    key: 'profile',
    path: '/profile',
    label: 'menu.profile',
    icon: <UserOutlined />,
    scope: 'any',
    permission: 'self',
    inMenu: false,
    component: ProfilePage,
  },
];

/** The page a location shows: an exact path first, then a page with parameters (`/hazards/:id`). */
export function pageForPath(pathname: string): PageDef | undefined {
  const path = pathname.length > 1 ? pathname.replace(/\/$/, '') : pathname;
  return PAGES.find((p) => p.path === path) ?? PAGES.find((p) => p.path.includes(':') && matchPath(p.path, path));
}

export function pageByKey(key: string | undefined): PageDef | undefined {
  return key ? PAGES.find((p) => p.key === key) : undefined;
}
