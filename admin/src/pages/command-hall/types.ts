import type { CommandHall } from '@yuanan/contracts';

/**
 * The command hall's snapshot (GET /command-hall, contract `commandHall`). Positions come ready from the api:
 * `planX`/`planY` on the zone's site plan as fractions of its size (0..1, y from the top) — an item's own point, else
 * its lat/lng through the transform fitted on the enterprises that have both — and `lat`/`lng`.
 */
export type CommandHallSnapshot = CommandHall;
export type HallIncident = CommandHall['incidents'][number];
export type HallAlarm = CommandHall['alarms'][number];
