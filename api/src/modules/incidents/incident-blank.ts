/**
 * The fields of a freshly reported incident row that start empty: no alarm or SOS key, no plan, grade or authority
 * report, no wind, not controlled, closed or cancelled, no drill record, no clock stage; no map position or reporter
 * account. Tests and the demo that write an Incident row straight (`em.create(Incident, …)`) spread it first and
 * then their own values, so a new nullable column needs one edit here.
 */
export const BLANK_INCIDENT = {
  alarmId: null,
  planX: null,
  planY: null,
  reporterUserId: null,
  reporterPhone: null,
  sosClientKey: null,
  accuracyM: null,
  responsePlanId: null,
  grade: null,
  authorityReportedAt: null,
  authorityReport: null,
  followUpUntil: null,
  windFromDeg: null,
  windSpeed: null,
  windSource: null,
  windAt: null,
  controlledAt: null,
  closedAt: null,
  closedBy: null,
  summary: null,
  cancelReason: null,
  drillRecordId: null,
  clockStage: null,
} as const;

/**
 * The fields of a new dispatch row (调派) that start empty: not acknowledged (nor late), not escalated or replacing
 * anyone, no progress times, no roll call, no position. The dispatch service and the tests that write a dispatch
 * straight spread it first, then their own values.
 */
export const BLANK_DISPATCH = {
  acknowledgedAt: null,
  lateAck: false,
  escalatedAt: null,
  replacesDispatchId: null,
  enRouteAt: null,
  onSceneAt: null,
  doneAt: null,
  standDownAt: null,
  rollCallDueAt: null,
  rollCallSentAt: null,
  lastAccountedAt: null,
  lat: null,
  lng: null,
} as const;
