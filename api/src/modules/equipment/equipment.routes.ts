import { z } from 'zod';
import {
  approveEquipmentRequestRequest,
  availabilityQuery,
  availabilityResponse,
  byCodeQuery,
  checkOutRequest,
  createEquipmentModelRequest,
  createEquipmentRequestRequest,
  createEquipmentUnitRequest,
  createReservationRequest,
  declareReturnRequest,
  equipmentImportResult,
  equipmentLoan,
  equipmentLoanPage,
  equipmentMaintenance,
  equipmentMaintenancePage,
  equipmentModel,
  equipmentModelPage,
  equipmentModelsQuery,
  equipmentRequest,
  equipmentRequestPage,
  equipmentRequestsQuery,
  equipmentReservation,
  equipmentReservationPage,
  equipmentUnit,
  equipmentUnitDetail,
  equipmentUnitPage,
  equipmentUnitsQuery,
  labelsQuery,
  loansQuery,
  maintenanceQuery,
  maintenanceResultRequest,
  nudgeResponse,
  recallLoanRequest,
  ref,
  rejectEquipmentRequestRequest,
  reservationsQuery,
  returnLoanRequest,
  unitActionParam,
  unitActionRequest,
  unitQrResponse,
  updateEquipmentModelRequest,
  updateEquipmentUnitRequest,
  type EquipmentImportResult,
} from '@yuanan/contracts';
import { localDate } from '@yuanan/domain';
import type { Container } from '../../core/container.ts';
import { codeSvg } from '../../core/crypto/signed-code.ts';
import { readUpload } from '../../core/files/upload.ts';
import { callerOf } from '../../core/http/client-info.ts';
import { AppError, t } from '../../core/http/problem.ts';
import { assertImportValid, importCounts } from '../enterprises/import/ledger-import.ts';
import { defineRoute, type AnyRoute } from '../../core/http/route.ts';
import { EquipmentLoan, EquipmentModel, EquipmentUnit } from './equipment.entity.ts';
import { labelSheet, ledgerWorkbook, readImport, unitCode, unitOfCode } from './equipment-documents.ts';
import { seesBorrower } from './equipment-scope.ts';
import type { EquipmentService } from './equipment.service.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Labels per sheet request (8 pages of 24). */
const LABELS_MAX = 200;
/** Rows of one ledger export. */
const LEDGER_MAX = 20_000;

/**
 * The equipment room's routes (器材室), under /api/v1/equipment (the table is in contracts/equipment.ts). Reads need
 * `equipment.read` and are scoped by the service (enterprise users: their own enterprise's requests and loans).
 */
export function equipmentRoutes(c: Container, svc: EquipmentService): AnyRoute[] {
  const tags = ['器材室 Equipment'];
  const modelId = z.strictObject({ id: ref('equipmentModel') });
  const unitId = z.strictObject({ id: ref('equipmentUnit') });
  const requestId = z.strictObject({ id: ref('equipmentRequest') });
  const loanId = z.strictObject({ id: ref('equipmentLoan') });
  const reservationId = z.strictObject({ id: ref('equipmentReservation') });
  const maintenanceId = z.strictObject({ id: ref('equipmentMaintenance') });
  const secret = c.config.JWT_SECRET;
  return [
    // ---- catalogue
    defineRoute({
      method: 'get',
      path: '/equipment/models',
      operationId: 'equipment.models.list',
      summary: 'The catalogue (器材目录) with unit and available counts; enterprise users see lendable models only',
      tags,
      auth: 'equipment.read',
      query: equipmentModelsQuery,
      response: equipmentModelPage,
      handler: ({ ctx, query }) => {
        const { em, actor } = callerOf(ctx);
        return svc.listModels(em, actor, query);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/equipment/models',
      operationId: 'equipment.models.create',
      summary: 'Add a model to the catalogue (specifications, photos, maintenance rules)',
      tags,
      auth: 'equipment.manage',
      body: createEquipmentModelRequest,
      response: equipmentModel,
      idempotent: true,
      handler: async ({ ctx, body }) => {
        const { em, actor } = callerOf(ctx);
        return (await svc.modelDtos(em, [await svc.createModel(em, actor, body)]))[0]!;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/equipment/models/:id',
      operationId: 'equipment.models.get',
      summary: 'One catalogue model',
      tags,
      auth: 'equipment.read',
      params: modelId,
      response: equipmentModel,
      handler: async ({ ctx, params }) => {
        const { em, actor } = callerOf(ctx);
        return (await svc.modelDtos(em, [await svc.model(em, actor, params.id)]))[0]!;
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/equipment/models/:id',
      operationId: 'equipment.models.update',
      summary: 'Change a catalogue model',
      tags,
      auth: 'equipment.manage',
      params: modelId,
      body: updateEquipmentModelRequest,
      response: equipmentModel,
      handler: async ({ ctx, params, body }) => {
        const { em, actor } = callerOf(ctx);
        return (await svc.modelDtos(em, [await svc.updateModel(em, actor, params.id, body)]))[0]!;
      },
    }),
    // ---- units: fixed paths before /equipment/units/:id
    defineRoute({
      method: 'get',
      path: '/equipment/units/by-code',
      operationId: 'equipment.units.byCode',
      summary: 'The unit a scanned label QR names (another zone’s, another kind’s or a tampered code: 404)',
      tags,
      auth: 'equipment.read',
      query: byCodeQuery,
      response: equipmentUnitDetail,
      handler: async ({ ctx, query }) => {
        const { em, actor, tenant } = callerOf(ctx);
        const id = unitOfCode(secret, tenant.id, query.code);
        if (!id) throw new AppError(404, 'not_found', t('无法识别的器材二维码', 'Not an equipment label of this zone'));
        return svc.unitDetail(em, actor, tenant, await svc.unit(em, actor, id));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/equipment/units.xlsx',
      operationId: 'equipment.units.export',
      summary: 'The ledger (器材台账) as an Excel workbook, with the list’s filters',
      tags,
      auth: 'equipment.export',
      query: equipmentUnitsQuery,
      responseType: 'raw',
      handler: async ({ ctx, query }) => {
        const { em, actor, tenant } = callerOf(ctx);
        const where = await svc.unitWhere(em, actor, query);
        const units = await em.find(EquipmentUnit, where, { orderBy: { assetTag: 'asc' }, limit: LEDGER_MAX });
        const models = new Map(
          (await em.find(EquipmentModel, { id: { $in: [...new Set(units.map((u) => u.modelId))] } })).map((m) => [m.id, m]),
        );
        const loans = new Map(
          (await em.find(EquipmentLoan, { unitId: { $in: units.map((u) => u.id) }, returnedAt: null })).map((l) => [l.unitId, l]),
        );
        const rows = units.map((u) => {
          const m = models.get(u.modelId);
          const l = loans.get(u.id);
          return {
            assetTag: u.assetTag,
            modelName: m?.name ?? '',
            model: m?.model ?? null,
            serial: u.serial ?? null,
            location: u.location ?? null,
            purchasedOn: u.purchasedOn ?? null,
            warrantyUntil: u.warrantyUntil ?? null,
            condition: u.condition,
            category: m?.category ?? 'other',
            status: u.status,
            borrower: l && seesBorrower(actor, l) ? l.borrowerName : null,
            dueAt: l ? localDate(l.dueAt, tenant.timeZone) : null,
            nextMaintenanceOn: u.nextMaintenanceOn ?? null,
          };
        });
        ctx.set('Content-Type', XLSX);
        ctx.set(
          'Content-Disposition',
          `attachment; filename*=UTF-8''${encodeURIComponent(`器材台账-${localDate(new Date(), tenant.timeZone)}.xlsx`)}`,
        );
        ctx.set('Cache-Control', 'no-store');
        ctx.body = await ledgerWorkbook(rows, tenant.name);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/equipment/units/import',
      operationId: 'equipment.units.import',
      summary:
        'Import units from a workbook (资产编号, 器材名称 of a catalogue model, …): a dry run unless commit=true; an asset tag already in the zone updates that unit (location, serial, dates, condition); a commit with any bad row writes nothing (422)',
      tags,
      auth: 'equipment.manage',
      bodyType: 'multipart',
      body: z.object({ file: z.string().meta({ format: 'binary' }), commit: z.enum(['true', 'false']).optional() }),
      response: equipmentImportResult,
      status: 200,
      handler: async ({ ctx }) => {
        const { em, actor, tenant } = callerOf(ctx);
        const up = await readUpload(ctx, c.config.UPLOAD_MAX_BYTES);
        const commit = up.fields.commit === 'true';
        if (up.fields.commit && !['true', 'false'].includes(up.fields.commit))
          throw new AppError(400, 'validation_failed', t('commit 应为 true 或 false', 'commit must be true or false'));
        const { rows, report, modelNames } = await readImport(up.data);
        const models = await em.find(EquipmentModel, {});
        const byName = new Map<string, EquipmentModel[]>();
        for (const m of models) byName.set(m.name, [...(byName.get(m.name) ?? []), m]);
        const tags = report.map((r) => r.assetTag).filter((x): x is string => Boolean(x));
        // An asset tag already in the zone: the row updates that unit's ledger fields (an exported ledger re-imported).
        const existing = new Map(
          (tags.length
            ? await em.find(EquipmentUnit, { assetTag: { $in: tags } }, { fields: ['id', 'assetTag', 'modelId'] })
            : []
          ).map((u) => [u.assetTag, u]),
        );
        const modelById = new Map(models.map((m) => [m.id, m]));
        const valid = new Map(rows.map((r) => [r.row, r]));
        const resolved: Array<{ row: (typeof rows)[number]; modelId: string; unitId: string | null }> = [];
        for (const line of report) {
          const name = modelNames.get(line.row);
          const r = valid.get(line.row);
          const unit = line.assetTag ? existing.get(line.assetTag) : undefined;
          const candidates = name ? (byName.get(name) ?? []) : [];
          const m = unit
            ? candidates.find((x) => x.id === unit.modelId)
            : candidates.length > 1 && r?.model
              ? candidates.find((x) => x.model === r.model)
              : candidates[0];
          if (name && !m)
            line.errors.push(
              unit
                ? {
                    field: '器材名称',
                    message: `该资产编号已登记为“${modelById.get(unit.modelId)?.name ?? ''}”，导入不能更改器材型号`,
                  }
                : { field: '器材名称', message: '器材目录中没有该器材，请先添加到目录' },
            );
          line.ok = line.errors.length === 0;
          line.action = line.ok ? (unit ? 'update' : 'create') : null;
          if (m && r && line.ok) resolved.push({ row: r, modelId: m.id, unitId: unit?.id ?? null });
        }
        const result: EquipmentImportResult = { ...importCounts(report, commit) };
        if (!commit) return result;
        assertImportValid(report, '器材');
        await em.transactional(async (tx) => {
          for (const { row, modelId, unitId } of resolved)
            if (unitId)
              await svc.updateUnit(tx, actor, unitId, {
                serial: row.serial,
                location: row.location,
                purchasedOn: row.purchasedOn,
                warrantyUntil: row.warrantyUntil,
                condition: row.condition,
              });
            else
              await svc.createUnit(
                tx,
                {
                  modelId,
                  assetTag: row.assetTag,
                  serial: row.serial ?? undefined,
                  location: row.location ?? undefined,
                  purchasedOn: row.purchasedOn ?? undefined,
                  warrantyUntil: row.warrantyUntil ?? undefined,
                  condition: row.condition,
                },
                tenant,
              );
        });
        return { ...result, created: result.toCreate, updated: result.toUpdate };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/equipment/units',
      operationId: 'equipment.units.list',
      summary: 'Units (器材台账) with filters: status, category, model, text, overdue',
      tags,
      auth: 'equipment.read',
      query: equipmentUnitsQuery,
      response: equipmentUnitPage,
      handler: ({ ctx, query }) => {
        const { em, actor } = callerOf(ctx);
        return svc.listUnits(em, actor, query);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/equipment/units',
      operationId: 'equipment.units.create',
      summary: 'Add a unit (asset tag unique in the zone)',
      tags,
      auth: 'equipment.manage',
      body: createEquipmentUnitRequest,
      response: equipmentUnit,
      idempotent: true,
      handler: async ({ ctx, body }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return (await svc.unitDtos(em, actor, [await svc.createUnit(em, body, tenant)]))[0]!;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/equipment/units/:id',
      operationId: 'equipment.units.get',
      summary: 'A unit with its model and timeline (reservations, loans, maintenance)',
      tags,
      auth: 'equipment.read',
      params: unitId,
      response: equipmentUnitDetail,
      handler: async ({ ctx, params }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return svc.unitDetail(em, actor, tenant, await svc.unit(em, actor, params.id));
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/equipment/units/:id',
      operationId: 'equipment.units.update',
      summary: 'Change a unit’s ledger fields (the status changes through actions)',
      tags,
      auth: 'equipment.manage',
      params: unitId,
      body: updateEquipmentUnitRequest,
      response: equipmentUnit,
      handler: async ({ ctx, params, body }) => {
        const { em, actor } = callerOf(ctx);
        return (await svc.unitDtos(em, actor, [await svc.updateUnit(em, actor, params.id, body)]))[0]!;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/equipment/units/:id/qr',
      operationId: 'equipment.units.qr',
      summary: 'The unit’s signed label code and its QR as SVG',
      tags,
      auth: 'equipment.manage',
      params: unitId,
      response: unitQrResponse,
      handler: async ({ ctx, params }) => {
        const { em, actor, tenant } = callerOf(ctx);
        const u = await svc.unit(em, actor, params.id);
        const payload = unitCode(secret, tenant.id, u.id);
        return { payload, svg: await codeSvg(payload) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/equipment/units/:id/actions/:action',
      operationId: 'equipment.units.action',
      summary:
        'A state-machine action on a unit (EQUIPMENT_UNIT_TRANSITIONS; check-out, return and recall go through the loan routes), with the version the caller saw: stale → 409',
      tags,
      auth: 'equipment.read',
      params: z.strictObject({ id: ref('equipmentUnit'), action: unitActionParam }),
      body: unitActionRequest,
      response: equipmentUnit,
      status: 200,
      handler: async ({ ctx, params, body }) => {
        const { em, actor, tenant } = callerOf(ctx);
        const u = await svc.unitAction(em, actor, tenant, params.id, params.action, body);
        return (await svc.unitDtos(em, actor, [u]))[0]!;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/equipment/labels.pdf',
      operationId: 'equipment.labels',
      summary: 'A label sheet (A4, 3 × 8) with each unit’s signed QR code, for `ids` or a model’s units',
      tags,
      auth: 'equipment.manage',
      query: labelsQuery,
      responseType: 'raw',
      handler: async ({ ctx, query }) => {
        const { em, tenant } = callerOf(ctx);
        const wanted = query.ids ? [...new Set(query.ids.split(','))] : null;
        if (wanted && wanted.length > LABELS_MAX)
          throw new AppError(
            422,
            'validation_failed',
            t(`一次最多打印 ${LABELS_MAX} 个标签`, `At most ${LABELS_MAX} labels at once`),
          );
        const units = await em.find(
          EquipmentUnit,
          wanted ? { id: { $in: wanted } } : { modelId: query.modelId, status: { $nin: ['retired', 'lost'] } },
          { orderBy: { assetTag: 'asc' }, limit: LABELS_MAX },
        );
        if (wanted && units.length !== wanted.length)
          throw new AppError(404, 'not_found', t('有器材在本园区不存在', 'Some units were not found in this zone'));
        if (query.modelId && !(await em.count(EquipmentModel, { id: query.modelId })))
          throw new AppError(404, 'not_found', t('未找到该器材型号', 'Equipment model not found'));
        const models = new Map(
          (await em.find(EquipmentModel, { id: { $in: [...new Set(units.map((u) => u.modelId))] } })).map((m) => [m.id, m]),
        );
        const pdf = await labelSheet(
          units.map((u) => ({
            id: u.id,
            assetTag: u.assetTag,
            modelName: [models.get(u.modelId)?.name, models.get(u.modelId)?.model].filter(Boolean).join(' '),
            serial: u.serial ?? null,
            location: u.location ?? null,
          })),
          { secret, tenantId: tenant.id, zoneName: tenant.name },
        );
        ctx.set('Content-Type', 'application/pdf');
        ctx.set('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent('器材标签.pdf')}`);
        ctx.set('Cache-Control', 'no-store');
        ctx.body = pdf;
      },
    }),
    // ---- availability
    defineRoute({
      method: 'get',
      path: '/equipment/availability',
      operationId: 'equipment.availability',
      summary: 'Free units per model and local day (≤ 62 days), and per-unit free ranges for the keeper',
      tags,
      auth: 'equipment.read',
      query: availabilityQuery,
      response: availabilityResponse,
      handler: ({ ctx, query }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return svc.availability(em, actor, tenant, query);
      },
    }),
    // ---- reservations
    defineRoute({
      method: 'get',
      path: '/equipment/reservations',
      operationId: 'equipment.reservations.list',
      summary: 'Reservations (enterprise users: their enterprise’s)',
      tags,
      auth: 'equipment.read',
      query: reservationsQuery,
      response: equipmentReservationPage,
      handler: ({ ctx, query }) => {
        const { em, actor } = callerOf(ctx);
        return svc.listReservations(em, actor, query);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/equipment/reservations',
      operationId: 'equipment.reservations.create',
      summary: 'Reserve a unit for [startsAt, endsAt); an overlap is 409 naming the conflicting range (adjacent is fine)',
      tags,
      auth: 'equipment.lend',
      body: createReservationRequest,
      response: equipmentReservation,
      idempotent: true,
      handler: async ({ ctx, body }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return (await svc.reservationDtos(em, actor, [await svc.createReservation(em, actor, tenant, body)]))[0]!;
      },
    }),
    defineRoute({
      method: 'post',
      path: '/equipment/reservations/:id/cancel',
      operationId: 'equipment.reservations.cancel',
      summary: 'Cancel a reservation (the unit is released when it was held for it)',
      tags,
      auth: 'equipment.lend',
      params: reservationId,
      response: equipmentReservation,
      status: 200,
      handler: async ({ ctx, params }) => {
        const { em, actor } = callerOf(ctx);
        return (await svc.reservationDtos(em, actor, [await svc.cancelReservation(em, actor, params.id)]))[0]!;
      },
    }),
    // ---- requests
    defineRoute({
      method: 'get',
      path: '/equipment/requests',
      operationId: 'equipment.requests.list',
      summary: 'Requests to borrow (enterprise users: their enterprise’s; others: their own)',
      tags,
      auth: 'equipment.read',
      query: equipmentRequestsQuery,
      response: equipmentRequestPage,
      handler: ({ ctx, query }) => {
        const { em, actor } = callerOf(ctx);
        return svc.listRequests(em, actor, query);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/equipment/requests',
      operationId: 'equipment.requests.create',
      summary: 'Ask to borrow (what, how many, when, why); the keepers are told',
      tags,
      auth: 'equipment.request',
      body: createEquipmentRequestRequest,
      response: equipmentRequest,
      idempotent: true,
      handler: async ({ ctx, body }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return (await svc.requestDtos(em, actor, [await svc.createRequest(em, actor, tenant, body)]))[0]!;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/equipment/requests/:id',
      operationId: 'equipment.requests.get',
      summary: 'One request with its assigned units',
      tags,
      auth: 'equipment.read',
      params: requestId,
      response: equipmentRequest,
      handler: async ({ ctx, params }) => {
        const { em, actor } = callerOf(ctx);
        return (await svc.requestDtos(em, actor, [await svc.request(em, actor, params.id)]))[0]!;
      },
    }),
    defineRoute({
      method: 'post',
      path: '/equipment/requests/:id/approve',
      operationId: 'equipment.requests.approve',
      summary: 'Approve by assigning units per item (creates the reservations; a unit not free is 409)',
      tags,
      auth: 'equipment.lend',
      params: requestId,
      body: approveEquipmentRequestRequest,
      response: equipmentRequest,
      status: 200,
      handler: async ({ ctx, params, body }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return (await svc.requestDtos(em, actor, [await svc.approveRequest(em, actor, tenant, params.id, body)]))[0]!;
      },
    }),
    defineRoute({
      method: 'post',
      path: '/equipment/requests/:id/reject',
      operationId: 'equipment.requests.reject',
      summary: 'Reject a request with a reason (the requester is told)',
      tags,
      auth: 'equipment.lend',
      params: requestId,
      body: rejectEquipmentRequestRequest,
      response: equipmentRequest,
      status: 200,
      handler: async ({ ctx, params, body }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return (await svc.requestDtos(em, actor, [await svc.rejectRequest(em, actor, tenant, params.id, body.reason)]))[0]!;
      },
    }),
    defineRoute({
      method: 'post',
      path: '/equipment/requests/:id/cancel',
      operationId: 'equipment.requests.cancel',
      summary: 'Withdraw a request not yet picked up (its reservations are cancelled)',
      tags,
      auth: 'equipment.read',
      params: requestId,
      response: equipmentRequest,
      status: 200,
      handler: async ({ ctx, params }) => {
        const { em, actor } = callerOf(ctx);
        return (await svc.requestDtos(em, actor, [await svc.cancelRequest(em, actor, params.id)]))[0]!;
      },
    }),
    // ---- loans
    defineRoute({
      method: 'get',
      path: '/equipment/loans',
      operationId: 'equipment.loans.list',
      summary: 'Loans: current, overdue or history (enterprise users: their enterprise’s)',
      tags,
      auth: 'equipment.read',
      query: loansQuery,
      response: equipmentLoanPage,
      handler: ({ ctx, query }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return svc.listLoans(em, actor, tenant, query);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/equipment/loans',
      operationId: 'equipment.loans.checkOut',
      summary:
        'Check out (出借) with photos and the borrower’s signature, on the unit’s version: two keepers at once → one wins, the other 409',
      tags,
      auth: 'equipment.lend',
      body: checkOutRequest,
      response: equipmentLoan,
      idempotent: true,
      handler: async ({ ctx, body }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return (await svc.loanDtos(em, actor, tenant, [await svc.checkOut(em, actor, tenant, body)]))[0]!;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/equipment/loans/:id',
      operationId: 'equipment.loans.get',
      summary: 'One loan',
      tags,
      auth: 'equipment.read',
      params: loanId,
      response: equipmentLoan,
      handler: async ({ ctx, params }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return (await svc.loanDtos(em, actor, tenant, [await svc.loan(em, actor, params.id)]))[0]!;
      },
    }),
    defineRoute({
      method: 'post',
      path: '/equipment/loans/:id/declare-return',
      operationId: 'equipment.loans.declareReturn',
      summary: 'The borrower says the unit was handed back (the keeper still receives it). Again → 409 already_decided',
      tags,
      auth: 'equipment.request',
      params: loanId,
      body: declareReturnRequest,
      response: equipmentLoan,
      status: 200,
      handler: async ({ ctx, params, body }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return (await svc.loanDtos(em, actor, tenant, [await svc.declareReturn(em, actor, tenant, params.id, body)]))[0]!;
      },
    }),
    defineRoute({
      method: 'post',
      path: '/equipment/loans/:id/return',
      operationId: 'equipment.loans.return',
      summary: 'Receive a return (归还入库): condition and photos; damaged → maintenance job. Not on loan → 409',
      tags,
      auth: 'equipment.lend',
      params: loanId,
      body: returnLoanRequest,
      response: equipmentLoan,
      status: 200,
      handler: async ({ ctx, params, body }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return (await svc.loanDtos(em, actor, tenant, [await svc.returnLoan(em, actor, tenant, params.id, body)]))[0]!;
      },
    }),
    defineRoute({
      method: 'post',
      path: '/equipment/loans/:id/recall',
      operationId: 'equipment.loans.recall',
      summary: 'Recall for an incident (紧急召回): the loan ends, the unit is deployed, the borrower is told',
      tags,
      auth: 'equipment.lend',
      params: loanId,
      body: recallLoanRequest,
      response: equipmentLoan,
      status: 200,
      handler: async ({ ctx, params, body }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return (await svc.loanDtos(em, actor, tenant, [await svc.recall(em, actor, tenant, params.id, body)]))[0]!;
      },
    }),
    defineRoute({
      method: 'post',
      path: '/equipment/loans/:id/nudge',
      operationId: 'equipment.loans.nudge',
      summary: 'Remind the borrower now (催还); once per loan per day, again the same day → alreadySent: true',
      tags,
      auth: 'equipment.lend',
      params: loanId,
      response: nudgeResponse,
      status: 200,
      handler: ({ ctx, params }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return svc.nudge(em, actor, tenant, params.id);
      },
    }),
    // ---- maintenance
    defineRoute({
      method: 'get',
      path: '/equipment/maintenance',
      operationId: 'equipment.maintenance.list',
      summary: 'Maintenance jobs (保养): due, passed, failed',
      tags,
      auth: 'equipment.manage',
      query: maintenanceQuery,
      response: equipmentMaintenancePage,
      handler: ({ ctx, query }) => {
        const { em } = callerOf(ctx);
        return svc.listMaintenance(em, query);
      },
    }),
    ...(['pass', 'fail'] as const).map((outcome) =>
      defineRoute({
        method: 'post',
        path: `/equipment/maintenance/:id/${outcome}`,
        operationId: `equipment.maintenance.${outcome}`,
        summary:
          outcome === 'pass'
            ? 'Record a pass: the unit is lendable again'
            : 'Record a fail (a note needed): the unit stays in maintenance and cannot be lent',
        tags,
        auth: 'equipment.manage',
        params: maintenanceId,
        body: maintenanceResultRequest,
        response: equipmentMaintenance,
        status: 200,
        handler: async ({ ctx, params, body }) => {
          const { em, actor, tenant } = callerOf(ctx);
          const j = await svc.performMaintenance(em, actor, tenant, params.id, outcome === 'pass', body);
          return (await svc.maintenanceDtos(em, [j]))[0]!;
        },
      }),
    ),
  ];
}
