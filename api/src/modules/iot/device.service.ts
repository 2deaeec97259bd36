/**
 * The Redis pub/sub channel on which any change of a device or a rule set is announced (message: JSON
 * `{ tenantId, deviceId?: string }`, no deviceId = the zone's rules changed); the ingest pipeline refreshes its device
 * cache and effective rules on it. Published with the container's command connection (`c.redis`), whose key prefix
 * does not apply to channel names.
 */
export const IOT_DEVICES_CHANGED = 'iot.devices.changed';
