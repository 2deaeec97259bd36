import type { EntitySchema } from '@mikro-orm/core';
import { AuditHeadSchema, AuditLogSchema } from '../core/audit/audit.entity.ts';
import { StoredFileSchema } from '../core/files/file.entity.ts';
import { IdempotencyRecordSchema } from '../core/http/idempotency.entity.ts';
import { OutboxEventSchema } from '../core/queue/outbox.entity.ts';
import {
  InvitationSchema,
  RefreshTokenSchema,
  SessionSchema,
  UserSchema,
  WechatBindingSchema,
} from './identity/identity.entity.ts';
import { EnterpriseSchema } from './enterprises/enterprise.entity.ts';
import {
  CertifiedWorkerSchema,
  DrillSchema,
  EmergencyPlanSchema,
  EmergencySupplySchema,
  EmergencyTeamMemberSchema,
  EnterpriseChangeRequestSchema,
  EnterpriseContactSchema,
  HazardousChemicalSchema,
  ImportJobSchema,
  SavedViewSchema,
} from './enterprises/enterprise-records.entity.ts';
import { EnterpriseColourSchema, RiskModelSchema, RiskPointSchema } from './risk/risk.entity.ts';
import { TaskSchema } from './tasks/task.entity.ts';
import { HazardCounterSchema, HazardEventSchema, HazardExtensionSchema, HazardSchema } from './hazards/hazard.entity.ts';
import { FiredEffectSchema } from '../core/queue/fired-effect.entity.ts';
import { NotificationDeliverySchema, NotificationSchema } from './notifications/notification.entity.ts';
import { CatalogItemSchema, TenantSchema } from './tenants/tenant.entity.ts';
import {
  InspectionAgencySchema,
  InspectionContractSchema,
  InspectionPlanSchema,
  InspectionTaskSchema,
  InspectionTemplateSchema,
} from './inspections/inspection.entity.ts';
import {
  DutyCheckInSchema,
  DutyLeaveSchema,
  DutyNoticeSchema,
  DutyOverrideSchema,
  DutyRotationSchema,
  DutySwapSchema,
  DutyTeamMemberSchema,
  DutyTeamSchema,
} from './duty/duty.entity.ts';
import {
  EquipmentLoanSchema,
  EquipmentMaintenanceSchema,
  EquipmentModelSchema,
  EquipmentNoticeSchema,
  EquipmentRequestSchema,
  EquipmentReservationSchema,
  EquipmentUnitSchema,
} from './equipment/equipment.entity.ts';
import { IotAlarmEventSchema, IotAlarmSchema, IotDeviceSchema, IotIngestStatSchema, IotRuleSchema } from './iot/iot.entity.ts';
import {
  IncidentChecklistItemSchema,
  IncidentCounterSchema,
  IncidentEventSchema,
  IncidentSchema,
  ResponsePlanSchema,
} from './incidents/incident.entity.ts';
import {
  IncidentDispatchSchema,
  IncidentEquipmentSchema,
  IncidentWarningSchema,
  SensitiveTargetSchema,
} from './incidents/dispatch.entity.ts';
import {
  LawArticleSchema,
  LawCitationSchema,
  LawDocumentSchema,
  LawSearchLogSchema,
  LawSynonymGroupSchema,
  LawVersionSchema,
} from './laws/law.entity.ts';
import { ExportRunSchema, ExportTargetSchema } from './exports/export.entity.ts';
import { ApiKeySchema } from './api-keys/api-key.entity.ts';
import { SupervisionGrantSchema, SupervisionReadSchema } from './supervision/supervision.entity.ts';
import { WebhookDeliverySchema, WebhookSubscriptionSchema } from './webhooks/webhook.entity.ts';

/** Every entity of the product; the ORM, the migrations and the tenant filter are derived from this list. */
export const entities = [
  TenantSchema,
  CatalogItemSchema,
  UserSchema,
  SessionSchema,
  RefreshTokenSchema,
  InvitationSchema,
  WechatBindingSchema,
  AuditLogSchema,
  AuditHeadSchema,
  OutboxEventSchema,
  StoredFileSchema,
  IdempotencyRecordSchema,
  NotificationSchema,
  NotificationDeliverySchema,
  EnterpriseSchema,
  EnterpriseContactSchema,
  CertifiedWorkerSchema,
  HazardousChemicalSchema,
  EmergencySupplySchema,
  EmergencyTeamMemberSchema,
  EmergencyPlanSchema,
  DrillSchema,
  EnterpriseChangeRequestSchema,
  ImportJobSchema,
  SavedViewSchema,
  RiskPointSchema,
  RiskModelSchema,
  EnterpriseColourSchema,
  TaskSchema,
  FiredEffectSchema,
  HazardSchema,
  HazardEventSchema,
  HazardExtensionSchema,
  HazardCounterSchema,
  InspectionTemplateSchema,
  InspectionPlanSchema,
  InspectionTaskSchema,
  InspectionAgencySchema,
  InspectionContractSchema,
  DutyTeamSchema,
  DutyTeamMemberSchema,
  DutyRotationSchema,
  DutyOverrideSchema,
  DutySwapSchema,
  DutyLeaveSchema,
  DutyCheckInSchema,
  DutyNoticeSchema,
  EquipmentModelSchema,
  EquipmentUnitSchema,
  EquipmentReservationSchema,
  EquipmentRequestSchema,
  EquipmentLoanSchema,
  EquipmentMaintenanceSchema,
  EquipmentNoticeSchema,
  IotDeviceSchema,
  IotRuleSchema,
  IotAlarmSchema,
  IotAlarmEventSchema,
  IotIngestStatSchema,
  IncidentSchema,
  IncidentEventSchema,
  ResponsePlanSchema,
  IncidentChecklistItemSchema,
  IncidentCounterSchema,
  IncidentDispatchSchema,
  IncidentEquipmentSchema,
  SensitiveTargetSchema,
  IncidentWarningSchema,
  LawDocumentSchema,
  LawVersionSchema,
  LawArticleSchema,
  LawSynonymGroupSchema,
  LawCitationSchema,
  LawSearchLogSchema,
  ExportTargetSchema,
  ExportRunSchema,
  SupervisionGrantSchema,
  SupervisionReadSchema,
  WebhookSubscriptionSchema,
  WebhookDeliverySchema,
  ApiKeySchema,
] as unknown as EntitySchema[];
