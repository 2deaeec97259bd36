import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type * as C from '@yuanan/contracts';
import type { Query } from '@yuanan/sdk';
import { useScope } from '../../api/keys.ts';
import { useApi } from '../../auth/session.tsx';

/** Shapes of the IoT answers (type-only: nothing of zod reaches the bundle). */
export type IotDevice = C.IotDevice;
export type IotDeviceDetail = C.IotDeviceDetail;
export type IotAlarm = C.IotAlarm;
export type IotAlarmDetail = C.IotAlarmDetail;
export type IotLiveItem = C.IotLiveItem;
export type IotRulesResponse = C.IotRulesResponse;
export type IotAlarmStats = C.IotAlarmStats;
export type IotReadings = C.IotReadingsResponse;
export type IotImportResult = C.IotImportResult;
export type IotDeviceTypes = C.IotDeviceTypesResponse;
export type CreateDevice = z.input<typeof C.createIotDeviceRequest>;
export type UpdateDevice = z.input<typeof C.updateIotDeviceRequest>;
export type SaveRules = z.input<typeof C.saveIotRulesRequest>;
export type CloseAlarm = z.input<typeof C.closeIotAlarmRequest>;

const KEY = 'iot';

/** Every IoT list and record of the scope is read again (an alarm change touches the monitor, lists and detail). */
export function useIotInvalidate() {
  const scope = useScope();
  const qc = useQueryClient();
  return () => void qc.invalidateQueries({ queryKey: [scope, KEY] });
}

/** The catalogue (types, quantities) with the zone's type-level rules; kept five minutes. */
export function useDeviceTypes() {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'types'],
    queryFn: () => api.iot.deviceTypes(),
    staleTime: 300_000,
  });
}

/** Every device's state for the monitor (GET /iot/live); polled every 30 s beside the live events. */
export function useLive() {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'live'],
    queryFn: () => api.iot.live(),
    refetchInterval: 30_000,
  });
}

export function useDevices(q: Query, enabled = true) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'devices', q],
    queryFn: () => api.iot.devices.list(q),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useDevice(id: string | null | undefined) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'device', id],
    queryFn: () => api.iot.devices.get(id!),
    enabled: !!id,
  });
}

/** A device's readings between two instants (≤ 7 days; the api downsamples to ≤ 600 points per quantity). */
export function useReadings(id: string | null | undefined, from: string, to: string, enabled = true) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'readings', id, from, to],
    queryFn: () => api.iot.devices.readings(id!, { from, to }),
    enabled: !!id && enabled,
    placeholderData: keepPreviousData,
  });
}

export function useDeviceMutations() {
  const api = useApi();
  const invalidate = useIotInvalidate();
  return {
    create: useMutation({ mutationFn: (b: CreateDevice) => api.iot.devices.create(b), onSuccess: invalidate }),
    update: useMutation({
      mutationFn: ({ id, ...b }: { id: string } & UpdateDevice) => api.iot.devices.update(id, b),
      onSuccess: invalidate,
    }),
    enable: useMutation({
      mutationFn: ({ id, version }: { id: string; version: number }) => api.iot.devices.enable(id, { version }),
      onSuccess: invalidate,
    }),
    disable: useMutation({
      mutationFn: ({ id, version }: { id: string; version: number }) => api.iot.devices.disable(id, { version }),
      onSuccess: invalidate,
    }),
    rotate: useMutation({
      mutationFn: ({ id, version }: { id: string; version: number }) => api.iot.devices.rotateCredentials(id, { version }),
      onSuccess: invalidate,
    }),
  };
}

export function useRules(q: { deviceType?: string; deviceId?: string } | null) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'rules', q],
    queryFn: () => api.iot.rules.get(q as Parameters<typeof api.iot.rules.get>[0]),
    enabled: !!q && !!(q.deviceType || q.deviceId),
  });
}

export function useSaveRules() {
  const api = useApi();
  const invalidate = useIotInvalidate();
  return useMutation({ mutationFn: (b: SaveRules) => api.iot.rules.save(b), onSuccess: invalidate });
}

export function useAlarms(q: Query, enabled = true) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'alarms', q],
    queryFn: () => api.iot.alarms.list(q),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** The zone's active alarms (the monitor's side list), newest first. */
export function useActiveAlarms() {
  return useAlarms({ status: 'active', pageSize: 100 });
}

export function useAlarm(id: string | undefined) {
  const api = useApi();
  const scope = useScope();
  return useQuery({ queryKey: [scope, KEY, 'alarm', id], queryFn: () => api.iot.alarms.get(id!), enabled: !!id });
}

export function useAlarmStats(from: string, to: string) {
  const api = useApi();
  const scope = useScope();
  return useQuery({
    queryKey: [scope, KEY, 'stats', from, to],
    queryFn: () => api.iot.alarms.stats({ from, to }),
    placeholderData: keepPreviousData,
  });
}

export function useAlarmMutations() {
  const api = useApi();
  const invalidate = useIotInvalidate();
  return {
    ack: useMutation({
      mutationFn: ({ id, version }: { id: string; version: number }) => api.iot.alarms.ack(id, { version }),
      onSettled: invalidate,
    }),
    assign: useMutation({
      mutationFn: ({ id, ...b }: { id: string; version: number; assigneeId: string }) => api.iot.alarms.assign(id, b),
      onSettled: invalidate,
    }),
    comment: useMutation({
      mutationFn: ({ id, comment }: { id: string; comment: string }) => api.iot.alarms.comment(id, { comment }),
      onSettled: invalidate,
    }),
    clear: useMutation({
      mutationFn: ({ id, ...b }: { id: string; version: number; comment?: string }) => api.iot.alarms.clear(id, b),
      onSettled: invalidate,
    }),
    close: useMutation({
      mutationFn: ({ id, ...b }: { id: string } & CloseAlarm) => api.iot.alarms.close(id, b),
      onSettled: invalidate,
    }),
  };
}
