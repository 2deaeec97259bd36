import { z } from 'zod';
import {
  createIotDeviceRequest,
  createIotDeviceResponse,
  iotDevice,
  iotDeviceDetail,
  iotDevicePage,
  iotDevicesQuery,
  iotDeviceTypesResponse,
  iotDeviceVersionRequest,
  iotImportResult,
  iotLiveResponse,
  iotReadingsQuery,
  iotReadingsResponse,
  ref,
  rotateIotCredentialsResponse,
  updateIotDeviceRequest,
  type IotImportResult,
} from '@yuanan/contracts';
import { localDate } from '@yuanan/domain';
import type { Container } from '../../core/container.ts';
import { readUpload } from '../../core/files/upload.ts';
import { callerOf } from '../../core/http/client-info.ts';
import { AppError, t } from '../../core/http/problem.ts';
import { assertImportValid, importCounts } from '../enterprises/import/ledger-import.ts';
import { defineRoute, type AnyRoute } from '../../core/http/route.ts';
import { Enterprise } from '../enterprises/enterprise.entity.ts';
import { deviceLedgerWorkbook, deviceTemplateWorkbook, readDeviceImport } from './device-documents.ts';
import { assignDeviceFields, type DeviceService } from './device.service.ts';
import { IotDevice } from './iot.entity.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Rows of one ledger export. */
const LEDGER_MAX = 20_000;

const attachment = (name: string) => `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;

/**
 * The device registry's routes (设备台账, 实时监测), under /api/v1/iot (the table is in contracts/iot.ts). Reads need
 * `iot.read` and are scoped by the service (enterprise users: their own enterprise's devices, 404 for others);
 * changes need `iot.manage` (the office).
 */
export function deviceRoutes(c: Container, svc: DeviceService): AnyRoute[] {
  const tags = ['物联网 IoT'];
  const deviceId = z.strictObject({ id: ref('iotDevice') });
  return [
    defineRoute({
      method: 'get',
      path: '/iot/device-types',
      operationId: 'iot.deviceTypes.list',
      summary: 'The device catalogue (types, quantities, units, ranges) with the zone’s effective type-level rules',
      tags,
      auth: 'iot.read',
      response: iotDeviceTypesResponse,
      handler: ({ ctx }) => svc.deviceTypes(callerOf(ctx).em),
    }),
    defineRoute({
      method: 'get',
      path: '/iot/live',
      operationId: 'iot.live',
      summary: 'Every device’s live state: latest values, online, most severe active alarm (the monitoring page)',
      tags,
      auth: 'iot.read',
      response: iotLiveResponse,
      handler: ({ ctx }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return svc.live(em, actor, tenant.id);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/iot/devices',
      operationId: 'iot.devices.list',
      summary: 'The device ledger (filters: enterprise, type, status, online, code/name/location)',
      tags,
      auth: 'iot.read',
      apiKeyScope: 'iot.read',
      query: iotDevicesQuery,
      response: iotDevicePage,
      handler: ({ ctx, query }) => {
        const { em, actor } = callerOf(ctx);
        return svc.list(em, actor, query);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/iot/devices',
      operationId: 'iot.devices.create',
      summary: 'Register a device; answers its secret once (configure it in the device now — it is never shown again)',
      tags,
      auth: 'iot.manage',
      body: createIotDeviceRequest,
      response: createIotDeviceResponse,
      status: 201,
      idempotent: true,
      handler: async ({ ctx, body }) => {
        const { em, tenant } = callerOf(ctx);
        const { device, secret } = await svc.create(em, tenant.id, body);
        ctx.set('Cache-Control', 'no-store');
        return { device: await svc.dto(em, device), secret };
      },
    }),
    // Fixed paths under /iot/devices/ before /iot/devices/:id.
    defineRoute({
      method: 'get',
      path: '/iot/devices/template.xlsx',
      operationId: 'iot.devices.template',
      summary: 'The import template (.xlsx) with a 说明 sheet of the device types and an example row',
      tags,
      auth: 'iot.manage',
      responseType: 'raw',
      handler: async ({ ctx }) => {
        ctx.set('Content-Type', XLSX);
        ctx.set('Content-Disposition', attachment('物联网设备导入模板.xlsx'));
        ctx.set('Cache-Control', 'no-store');
        ctx.body = await deviceTemplateWorkbook();
      },
    }),
    defineRoute({
      method: 'get',
      path: '/iot/devices/export.xlsx',
      operationId: 'iot.devices.export',
      summary: 'The device ledger as a workbook (the list’s filters); its first columns re-import as updates',
      tags,
      auth: 'iot.read',
      query: iotDevicesQuery,
      responseType: 'raw',
      handler: async ({ ctx, query }) => {
        const { em, actor, tenant } = callerOf(ctx);
        const rows = await em.find(IotDevice, svc.where(actor, query), { orderBy: { code: 'asc' }, limit: LEDGER_MAX });
        const gatewayIds = [...new Set(rows.map((d) => d.gatewayId).filter((x): x is string => Boolean(x)))];
        const gateways = new Map(
          (gatewayIds.length ? await em.find(IotDevice, { id: { $in: gatewayIds } }, { fields: ['id', 'code'] }) : []).map(
            (g) => [g.id, g.code],
          ),
        );
        const dtos = (await svc.dtos(em, rows)).map((d) => ({
          ...d,
          gatewayCode: d.gatewayId ? (gateways.get(d.gatewayId) ?? null) : null,
        }));
        ctx.set('Content-Type', XLSX);
        ctx.set('Content-Disposition', attachment(`物联网设备台账-${localDate(new Date(), tenant.timeZone)}.xlsx`));
        ctx.set('Cache-Control', 'no-store');
        ctx.body = await deviceLedgerWorkbook(dtos, tenant.name, tenant.timeZone);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/iot/devices/import',
      operationId: 'iot.devices.import',
      summary:
        'Import devices from a workbook (设备编码, 设备名称, 设备类型, 所属企业 by name, 所属网关 by code, …): a dry run unless commit=true; a code already in the zone updates that device (same type); a commit with any bad row writes nothing (422); created devices’ secrets are listed once',
      tags,
      auth: 'iot.manage',
      bodyType: 'multipart',
      body: z.object({ file: z.string().meta({ format: 'binary' }), commit: z.enum(['true', 'false']).optional() }),
      response: iotImportResult,
      status: 200,
      handler: async ({ ctx }) => {
        const { em, tenant } = callerOf(ctx);
        const up = await readUpload(ctx, c.config.UPLOAD_MAX_BYTES);
        if (up.fields.commit && !['true', 'false'].includes(up.fields.commit))
          throw new AppError(400, 'validation_failed', t('commit 应为 true 或 false', 'commit must be true or false'));
        const commit = up.fields.commit === 'true';
        const { rows, report } = await readDeviceImport(up.data);
        const byRow = new Map(report.map((r) => [r.row, r]));
        const codes = report.map((r) => r.code).filter((x): x is string => Boolean(x));
        const gatewayCodes = rows.map((r) => r.gatewayCode).filter((x): x is string => Boolean(x));
        const existing = new Map(
          (codes.length || gatewayCodes.length
            ? await em.find(IotDevice, { code: { $in: [...new Set([...codes, ...gatewayCodes])] } })
            : []
          ).map((d) => [d.code, d]),
        );
        const entNames = [...new Set(rows.map((r) => r.enterpriseName).filter((x): x is string => Boolean(x)))];
        const enterprises = new Map<string, string[]>();
        if (entNames.length)
          for (const e of await em.find(Enterprise, { name: { $in: entNames } }, { fields: ['id', 'name'] }))
            enterprises.set(e.name, [...(enterprises.get(e.name) ?? []), e.id]);
        const sheetGateways = new Set(rows.filter((r) => r.type === 'gateway').map((r) => r.code));
        for (const r of rows) {
          const line = byRow.get(r.row)!;
          const cur = existing.get(r.code);
          if (cur && cur.type !== r.type)
            line.errors.push({ field: '设备类型', message: '该设备编码已登记为其他类型，导入不能更改设备类型' });
          if (r.enterpriseName) {
            const ids = enterprises.get(r.enterpriseName) ?? [];
            if (!ids.length) line.errors.push({ field: '所属企业', message: '园区内没有该名称的企业' });
            else if (ids.length > 1) line.errors.push({ field: '所属企业', message: '有多家企业同名，请在系统中逐台设置' });
          }
          if (r.gatewayCode) {
            const g = existing.get(r.gatewayCode);
            if (r.gatewayCode === r.code) line.errors.push({ field: '所属网关', message: '设备不能以自身为网关' });
            else if (g ? g.type !== 'gateway' : !sheetGateways.has(r.gatewayCode))
              line.errors.push({ field: '所属网关', message: '没有该编码的物联网网关' });
          }
          line.ok = line.errors.length === 0;
          line.action = line.ok ? (cur ? 'update' : 'create') : null;
        }
        const result: IotImportResult = { ...importCounts(report, commit), secrets: [] };
        if (!commit) return result;
        assertImportValid(report, '设备');
        // Gateways first, so the devices of the same sheet can name them.
        const ordered = [...rows].sort((a, b) => Number(b.type === 'gateway') - Number(a.type === 'gateway') || a.row - b.row);
        await em.transactional(async (tx) => {
          const ids = new Map([...existing.values()].map((d) => [d.code, d.id]));
          for (const r of ordered) {
            const fields = {
              name: r.name,
              enterpriseId: r.enterpriseName ? enterprises.get(r.enterpriseName)![0]! : null,
              keyPlace: r.keyPlace,
              location: r.location,
              mapX: r.mapX,
              mapY: r.mapY,
              lat: r.lat,
              lng: r.lng,
              installedOn: r.installedOn,
              calibrationDueOn: r.calibrationDueOn,
              certificateNo: r.certificateNo,
              gatewayId: r.gatewayCode ? (ids.get(r.gatewayCode) ?? null) : null,
              manufacturer: r.manufacturer,
              model: r.model,
              ...(r.intervalSeconds ? { intervalSeconds: r.intervalSeconds } : {}),
            };
            const cur = existing.get(r.code);
            if (cur) {
              const d = await tx.findOne(IotDevice, { id: cur.id });
              if (!d) continue;
              assignDeviceFields(d, fields);
              await tx.flush();
              result.updated++;
            } else {
              const { device, secret } = await svc.create(tx, tenant.id, { code: r.code, type: r.type, ...fields }, false);
              ids.set(device.code, device.id);
              result.secrets.push({ code: device.code, secret });
              result.created++;
            }
          }
        });
        svc.changed(tenant.id);
        ctx.set('Cache-Control', 'no-store');
        return result;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/iot/devices/:id',
      operationId: 'iot.devices.get',
      summary: 'One device with its latest values, effective rules (and their source), MQTT topic and active alarms',
      tags,
      auth: 'iot.read',
      apiKeyScope: 'iot.read',
      params: deviceId,
      response: iotDeviceDetail,
      handler: ({ ctx, params }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return svc.detail(em, actor, tenant, params.id);
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/iot/devices/:id',
      operationId: 'iot.devices.update',
      summary: 'Change a device’s ledger fields on the version seen (stale → 409)',
      tags,
      auth: 'iot.manage',
      params: deviceId,
      body: updateIotDeviceRequest,
      response: iotDevice,
      handler: async ({ ctx, params, body }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return svc.dto(em, await svc.update(em, actor, tenant.id, params.id, body));
      },
    }),
    ...(['enable', 'disable'] as const).map((action) =>
      defineRoute({
        method: 'post',
        path: `/iot/devices/:id/${action}`,
        operationId: `iot.devices.${action}`,
        summary: action === 'enable' ? 'Enable a device' : 'Disable a device (its readings are rejected as disabled_device)',
        tags,
        auth: 'iot.manage',
        params: deviceId,
        body: iotDeviceVersionRequest,
        response: iotDevice,
        status: 200,
        handler: async ({ ctx, params, body }) => {
          const { em, actor, tenant } = callerOf(ctx);
          const status = action === 'enable' ? 'enabled' : 'disabled';
          return svc.dto(em, await svc.setStatus(em, actor, tenant.id, params.id, status, body.version));
        },
      }),
    ),
    defineRoute({
      method: 'post',
      path: '/iot/devices/:id/credentials',
      operationId: 'iot.devices.rotateCredentials',
      summary: 'Rotate a device’s secret: answers the new one once; the old one stops working at once',
      tags,
      auth: 'iot.manage',
      params: deviceId,
      body: iotDeviceVersionRequest,
      response: rotateIotCredentialsResponse,
      status: 200,
      handler: async ({ ctx, params, body }) => {
        const { em, actor, tenant } = callerOf(ctx);
        const r = await svc.rotate(em, actor, tenant.id, params.id, body.version);
        ctx.set('Cache-Control', 'no-store');
        return { device: await svc.dto(em, r.device), secret: r.secret, credentialVersion: r.credentialVersion };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/iot/devices/:id/readings',
      operationId: 'iot.devices.readings',
      summary: 'A device’s readings between from and to (≤ 7 days), downsampled to ≤ 600 points per quantity (avg/max/min)',
      tags,
      auth: 'iot.read',
      params: deviceId,
      query: iotReadingsQuery,
      response: iotReadingsResponse,
      handler: ({ ctx, params, query }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return svc.readings(em, actor, tenant.id, params.id, query);
      },
    }),
  ];
}
