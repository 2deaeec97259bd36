import type { Container } from '../core/container.ts';
import type { Em } from '../core/db/orm.ts';
import type { AnyRoute } from '../core/http/route.ts';
import { JobRegistry, type EventSubscriberDef, type JobHandler } from '../core/queue/job-registry.ts';
import { auditRoutes } from './audit/audit.routes.ts';
import { Enterprise } from './enterprises/enterprise.entity.ts';
import { enterpriseJobs } from './enterprises/enterprise.jobs.ts';
import { EnterpriseService } from './enterprises/enterprise.service.ts';
import { enterpriseRoutes } from './enterprises/enterprises.routes.ts';
import { recordSpecs } from './enterprises/record-specs.ts';
import { importJobs } from './enterprises/import/import.jobs.ts';
import { importRoutes } from './enterprises/import/import.routes.ts';
import { activeRiskModel } from './risk/risk-model.ts';
import { riskRoutes } from './risk/risk.routes.ts';
import { RiskService } from './risk/risk.service.ts';
import { TaskService } from './tasks/task.service.ts';
import { DeliveryService } from './notifications/delivery.ts';
import { hazardJobs } from './hazards/hazard.jobs.ts';
import { hazardRoutes } from './hazards/hazards.routes.ts';
import { HazardService } from './hazards/hazard.service.ts';
import { agencyRoutes } from './inspections/agencies.routes.ts';
import { AgencyService } from './inspections/agency.service.ts';
import { provisionDefaultTemplates } from './inspections/default-templates.ts';
import { TemplateService } from './inspections/template.service.ts';
import { templateRoutes } from './inspections/templates.routes.ts';
import { inspectionJobs } from './inspections/inspection.jobs.ts';
import { planRoutes } from './inspections/plan.routes.ts';
import { PlanService } from './inspections/plan.service.ts';
import { taskRoutes } from './inspections/tasks.routes.ts';
import { performRoutes } from './inspections/perform.routes.ts';
import { recheckHook } from './inspections/recheck.ts';
import { FileService } from './files/file.service.ts';
import { fileRoutes } from './files/files.routes.ts';
import { AuthService } from './identity/auth.service.ts';
import { authRoutes, meRoutes, userRoutes } from './identity/identity.routes.ts';
import { InvitationService } from './identity/invitation.service.ts';
import { UserService } from './identity/user.service.ts';
import { jobCatalog } from './job-catalog.ts';
import { maintenanceJobs, type Reconciler } from './maintenance/maintenance.jobs.ts';
import { NotificationService } from './notifications/notification.service.ts';
import { notificationRoutes } from './notifications/notifications.routes.ts';
import { platformRoutes } from './platform/platform.routes.ts';
import { systemRoutes } from './system/system.routes.ts';
import { TenantService, type Provisioner } from './tenants/tenant.service.ts';
import { tenantRoutes } from './tenants/tenants.routes.ts';
import { tenantJobs } from './tenants/tenant.jobs.ts';
import { changeRequestNotices } from './enterprises/change-request.notify.ts';
import { registerEnterpriseCards } from './enterprises/enterprise.workbench.ts';
import { registerHazardCards } from './hazards/hazard.workbench.ts';
import { registerInspectionCards } from './inspections/inspection.workbench.ts';
import { registerTaskCards } from './tasks/task.workbench.ts';
import { taskNotices } from './tasks/task.notify.ts';
import { registerComingCards } from './workbench/coming.workbench.ts';
import { DutyService } from './duty/duty.service.ts';
import { dutyJobs } from './duty/duty.jobs.ts';
import { dutyRoutes } from './duty/duty.routes.ts';
import { registerDutyCards } from './duty/duty.workbench.ts';
import { EquipmentService } from './equipment/equipment.service.ts';
import { equipmentJobs } from './equipment/equipment.jobs.ts';
import { equipmentRoutes } from './equipment/equipment.routes.ts';
import { registerEquipmentCards } from './equipment/equipment.workbench.ts';
import { iotModule } from './iot/iot.module.ts';
import { registerIotCards } from './iot/iot.workbench.ts';
import { incidentsModule } from './incidents/incidents.module.ts';
import { registerIncidentCards } from './incidents/incident.workbench.ts';
import { lawsModule } from './laws/laws.module.ts';
import { SupervisionService } from './supervision/supervision.service.ts';
import { supervisionRoutes } from './supervision/supervision.routes.ts';
import { cityViewRoutes } from './supervision/city-views.routes.ts';
import { ExportService } from './exports/export.service.ts';
import { exportJobs } from './exports/export.jobs.ts';
import { exportRoutes } from './exports/exports.routes.ts';
import { WorkbenchRegistry } from './workbench/workbench.registry.ts';
import { WebhookService } from './webhooks/webhook.service.ts';
import { webhookJobs } from './webhooks/webhook.jobs.ts';
import { webhookRoutes } from './webhooks/webhooks.routes.ts';
import { ApiKeyService } from './api-keys/api-key.service.ts';
import { apiKeyRoutes } from './api-keys/api-keys.routes.ts';
import { workbenchRoutes } from './workbench/workbench.routes.ts';

export { entities } from './entities.ts';
export { jobCatalog } from './job-catalog.ts';

/** The services of every module, built once per process around the container. */
export function buildServices(c: Container) {
  const enterpriseExists = async (em: Em, id: string) => (await em.count(Enterprise, { id })) > 0;
  const enterpriseName = async (em: Em, id: string) => (await em.findOne(Enterprise, { id }, { fields: ['name'] }))?.name ?? null;
  const provisioners: Provisioner[] = [
    { name: 'risk-model', run: async (em) => void (await activeRiskModel(em)) },
    // The default checklist templates (7, written from the regulations, marked for expert review).
    { name: 'inspection-templates', run: (em) => provisionDefaultTemplates(em) },
  ];
  const tenants = new TenantService(c, provisioners);
  const invitations = new InvitationService(c, enterpriseExists);
  const auth = new AuthService(c, invitations, enterpriseName);
  const users = new UserService(c, enterpriseExists);
  const files = new FileService(c, enterpriseExists);
  const notifications = new NotificationService(c);
  const delivery = new DeliveryService(c);
  notifications.onCreated((em, created) => delivery.plan(em, created));
  const tasks = new TaskService();
  const enterprises = new EnterpriseService(c);
  const risk = new RiskService(files);
  const hazards = new HazardService(files);
  const inspectionTemplates = new TemplateService();
  const inspectionAgencies = new AgencyService();
  // Inspections: a hazard raised by an inspection is re-checked before it closes, when the zone asks for it.
  hazards.transitionHooks.push(recheckHook());
  // The colour model counts open, overdue and major hazards.
  risk.hazardCounts = (em, ids) => hazards.counts(em, ids);
  const records = recordSpecs({ tasks, files });
  const jobs = enterpriseJobs(c, { risk, tasks, notifications });
  const hazardJobSet = hazardJobs(c, notifications);
  const inspectionPlans = new PlanService(c);
  const inspectionJobSet = inspectionJobs(c, notifications);
  // 值班: rosters, swaps, leave, check-in; `duty.onDutyAt` / `duty.onDutyNow` answer who is on duty for other modules.
  const duty = new DutyService(c, notifications);
  const dutyJobSet = dutyJobs(c, duty, notifications);
  // 器材室: catalogue, units (state machine), reservations, requests, loans, maintenance; the 15-minute sweep.
  const equipment = new EquipmentService(files, notifications);
  const equipmentJobSet = equipmentJobs(c, notifications);
  // 物联网实时监测: devices, rules, ingest, alarms (iot/iot.module.ts).
  const iot = iotModule(c, { notifications, hazards, tasks, files });
  // 应急联动: incidents, plans, dispatch, warnings, command hall (incidents/incidents.module.ts).
  const incidents = incidentsModule(c, { notifications, tasks, files, duty, equipment, alarms: iot.services.alarms });
  // 法律法规: library, uploads, citations, search (laws/laws.module.ts); hazards and checklist templates cite articles.
  const laws = lawsModule(c);
  // 城市监管: bureaus, grants over zones, entering a zone read-only, the read logs (supervision/).
  const supervision = new SupervisionService(c, tenants, auth);
  hazards.lawCitations = laws.citations;
  inspectionTemplates.lawCitations = laws.citations;
  // 数据报送: export targets, runs and their job schedulers (exports/, issue 14 §5).
  const exports = new ExportService(c);
  const exportJobSet = exportJobs(c, exports);
  // Webhooks (issue 14 §4): subscriptions, fan-out of public events from the outbox, signed deliveries with retries.
  const webhooks = new WebhookService(c);
  const webhookJobSet = webhookJobs(c, webhooks, notifications);
  const reconcilers: Reconciler[] = [
    ...jobs.reconcilers,
    ...hazardJobSet.reconcilers,
    ...inspectionJobSet.reconcilers,
    ...dutyJobSet.reconcilers,
    ...equipmentJobSet.reconcilers,
    ...iot.reconcilers,
    ...incidents.reconcilers,
    ...exportJobSet.reconcilers,
    delivery.reconciler(),
    ...webhookJobSet.reconcilers,
  ];
  const changeNotices = [...changeRequestNotices(c, notifications), ...taskNotices(c, notifications)];
  // 工作台: every module adds its cards here, the page renders whatever the registry answers.
  const workbench = new WorkbenchRegistry();
  registerHazardCards(workbench);
  registerEnterpriseCards(workbench);
  registerTaskCards(workbench);
  registerInspectionCards(workbench);
  registerDutyCards(workbench, duty);
  registerEquipmentCards(workbench);
  registerIotCards(workbench);
  registerIncidentCards(workbench);
  registerComingCards(workbench);
  return {
    tenants,
    invitations,
    auth,
    users,
    files,
    notifications,
    tasks,
    enterprises,
    risk,
    records,
    jobs,
    hazards,
    inspectionTemplates,
    inspectionAgencies,
    inspectionPlans,
    inspectionJobSet,
    duty,
    dutyJobSet,
    equipment,
    equipmentJobSet,
    iot,
    incidents,
    laws,
    supervision,
    lawCitations: laws.citations,
    exports,
    exportJobSet,
    hazardJobSet,
    delivery,
    webhooks,
    webhookJobSet,
    reconcilers,
    changeNotices,
    workbench,
  };
}
export type Services = ReturnType<typeof buildServices>;

export function buildRoutes(c: Container, s: Services, state: { shuttingDown: boolean; version: string }): AnyRoute[] {
  const publicZones = async () => (await c.tenants.active()).map((t) => ({ code: t.code, name: t.name, region: t.region }));
  return [
    ...systemRoutes(c, state),
    ...authRoutes(s.auth),
    ...meRoutes(s.auth),
    ...userRoutes(s.users, s.invitations),
    ...tenantRoutes(s.tenants, publicZones),
    ...platformRoutes(c, s.auth),
    ...auditRoutes(c),
    ...fileRoutes(c, s.files),
    ...notificationRoutes(s.notifications),
    // Fixed paths under /enterprises/ before /enterprises/:id.
    ...importRoutes(c, s.enterprises, s.files),
    ...enterpriseRoutes(c, s.enterprises, s.tasks, s.records),
    ...riskRoutes(s.risk, s.tenants),
    ...hazardRoutes(s.hazards),
    ...templateRoutes(s.inspectionTemplates),
    ...agencyRoutes(s.inspectionAgencies),
    ...planRoutes(s.inspectionPlans),
    ...taskRoutes(s.files),
    ...performRoutes(c, s),
    ...dutyRoutes(s.duty),
    ...equipmentRoutes(c, s.equipment),
    ...s.iot.routes,
    ...s.incidents.routes,
    ...s.laws.routes,
    ...supervisionRoutes(c, s.supervision),
    // 城市总览: the bureau's views across its granted zones (supervision/city-views.routes.ts, issue 14 §2).
    ...cityViewRoutes(c),
    ...exportRoutes(c, s.exports),
    // API keys of other systems (集成 → API 密钥, issue 14 §3).
    ...apiKeyRoutes(new ApiKeyService()),
    ...workbenchRoutes(s.workbench),
    ...webhookRoutes(c, s.webhooks, s.tenants),
  ];
}

/** Job handlers, event subscribers and schedules of every module, checked by the registry. */
export function buildJobRegistry(c: Container, s: Services): JobRegistry {
  const maintenance = maintenanceJobs(s.reconcilers);
  const imports = importJobs(c, s.jobs.refreshTenant);
  const handlers: JobHandler[] = [
    ...maintenance.handlers,
    ...s.jobs.handlers,
    ...imports.handlers,
    ...s.hazardJobSet.handlers,
    ...s.delivery.handlers(),
    ...s.inspectionJobSet.handlers,
    ...s.dutyJobSet.handlers,
    ...s.equipmentJobSet.handlers,
    ...s.iot.handlers,
    ...s.incidents.handlers,
    ...s.webhookJobSet.handlers,
    ...s.exportJobSet.handlers,
  ];
  const subscribers: EventSubscriberDef[] = [
    ...s.jobs.subscribers,
    ...imports.subscribers,
    ...s.hazardJobSet.subscribers,
    ...s.changeNotices,
    ...s.inspectionJobSet.subscribers,
    ...tenantJobs(s.hazardJobSet.reconcilers).subscribers,
    ...s.iot.subscribers,
    ...s.incidents.subscribers,
    ...s.webhookJobSet.subscribers,
  ];
  return new JobRegistry(jobCatalog, handlers, subscribers, [
    ...maintenance.schedules(c),
    ...s.jobs.schedules,
    ...s.inspectionJobSet.schedules,
    ...s.dutyJobSet.schedules,
    ...s.equipmentJobSet.schedules,
    ...s.iot.schedules,
    ...s.incidents.schedules,
  ]);
}
