import type { LocalText } from './messages.ts';

/*
 * IoT monitoring's words for the audit trail, apart from its schemas: audit-labels.ts (in the console's first
 * download) needs these words, not the zod schemas of iot.ts.
 */
const la = (zh: string, en: string) => ({ zh, en });
const lr = (zh: string, en: string) => ({ zh, en, read: true as const });
/** Every audit action of the IoT module: route operation ids, jobs and reconcilers. */
export const IOT_AUDIT_ACTION_LABELS: Readonly<Record<string, LocalText & { read?: true }>> = {
  'iot.deviceTypes.list': lr('查看物联网设备类型', 'List IoT device types'),
  'iot.devices.list': lr('查看物联网设备台账', 'List IoT devices'),
  'iot.devices.get': lr('查看物联网设备', 'Read IoT device'),
  'iot.devices.create': la('新增物联网设备', 'Add IoT device'),
  'iot.devices.update': la('修改物联网设备', 'Edit IoT device'),
  'iot.devices.enable': la('启用物联网设备', 'Enable IoT device'),
  'iot.devices.disable': la('停用物联网设备', 'Disable IoT device'),
  'iot.devices.rotateCredentials': la('重置设备密钥', 'Rotate device secret'),
  'iot.devices.readings': lr('查看设备监测数据', 'Read device readings'),
  'iot.devices.template': lr('下载设备导入模板', 'Download device import template'),
  'iot.devices.import': la('导入物联网设备', 'Import IoT devices'),
  'iot.devices.export': lr('导出物联网设备台账', 'Export IoT devices'),
  'iot.live': lr('查看实时监测', 'Read live monitoring'),
  'iot.rules.get': lr('查看报警规则', 'Read alarm rules'),
  'iot.rules.save': la('修改报警规则', 'Save alarm rules'),
  'iot.alarms.list': lr('查看物联网报警', 'List IoT alarms'),
  'iot.alarms.get': lr('查看物联网报警详情', 'Read IoT alarm'),
  'iot.alarms.stats': lr('查看报警统计', 'Read IoT alarm statistics'),
  'iot.alarms.ack': la('确认报警', 'Acknowledge alarm'),
  'iot.alarms.assign': la('指派报警处置人', 'Assign alarm'),
  'iot.alarms.comment': la('报警备注', 'Comment on alarm'),
  'iot.alarms.clear': la('手动解除报警', 'Clear alarm'),
  'iot.alarms.close': la('报警处置完成', 'Close alarm'),
  'iot.ingest': la('设备数据上报', 'Device data upload'),
  'iot.ingest.stats': lr('查看数据接入统计', 'Read ingest statistics'),
  'iot.offline-sweep': la('设备离线检查', 'Device offline sweep'),
  'iot.retention': la('监测数据定期清理', 'Telemetry retention'),
  'iot.calibration': la('设备标定到期提醒', 'Calibration reminder'),
  'iot.alarm.escalate': la('报警逐级提醒', 'IoT alarm escalation'),
  'iot.alarm': la('物联网报警', 'IoT alarm'),
  'event:iot.alarms.notify': la('发送物联网报警通知', 'IoT alarm notices'),
  'reconcile:iot-alarms': la('核对报警升级提醒', 'IoT alarm escalation reconciliation'),
  'reconcile:iot-calibration': la('核对设备标定提醒', 'Calibration reminder reconciliation'),
  'reconcile:iot-partitions': la('预建监测数据分区', 'Telemetry partitions kept ahead'),
};
/** Every entity of the IoT module written to the audit trail. */
export const IOT_AUDIT_ENTITY_LABELS: Readonly<Record<string, LocalText>> = {
  IotDevice: la('物联网设备', 'IoT device'),
  IotRule: la('报警规则', 'Alarm rule set'),
  IotAlarm: la('物联网报警', 'IoT alarm'),
  IotAlarmEvent: la('报警处理记录', 'IoT alarm timeline entry'),
  IotIngestStat: la('数据接入统计', 'Ingest statistics'),
};
