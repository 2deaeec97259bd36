/**
 * The columns of an IoT device row (`em.create(IotDevice, …)`) a test does not care about: no key place, location,
 * map or GPS position, certificate or gateway; reporting every 10 s, enabled, online, credential version 1. Tests
 * that write a detector straight spread it first, then the code, name, type, enterprise and any position they need.
 */
export const BLANK_DEVICE = {
  keyPlace: null,
  location: null,
  mapX: null,
  mapY: null,
  lat: null,
  lng: null,
  installedOn: null,
  calibrationDueOn: null,
  certificateNo: null,
  intervalSeconds: 10,
  status: 'enabled',
  gatewayId: null,
  credentialVersion: 1,
  credentialIssuedAt: null,
  lastSeenAt: null,
  online: true,
  manufacturer: null,
  model: null,
} as const;
