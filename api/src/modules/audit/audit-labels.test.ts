import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { AUDIT_ACTION_LABELS, AUDIT_ENTITY_LABELS, auditActionLabel, auditEntityLabel } from '@yuanan/contracts';
import { loadConfig } from '../../core/config/config.ts';
import type { Container } from '../../core/container.ts';
import { EVENT_JOB } from '../../core/queue/job-registry.ts';
import { buildJobRegistry, buildRoutes, buildServices, entities, jobCatalog } from '../index.ts';

/**
 * The audit trail speaks in words: every action and entity type the api can write to it has a label in the
 * catalogue (packages/contracts/src/audit-labels.ts), in Chinese and English. The actions are enumerated from the
 * real route table, job catalogue, event subscribers and reconcilers, and the source is scanned for the names
 * given at a write (`recordEvent(… action: 'auth.locked')`, a scope's `action: 'hazard.escalate'`, `withCli(…)`).
 */

const API_SRC = new URL('../../', import.meta.url).pathname;
/** Bookkeeping entities the recorder never audits (audit-recorder.ts NOT_AUDITED). */
const NOT_AUDITED = new Set([
  'AuditLog',
  'AuditHead',
  'OutboxEvent',
  'IdempotencyRecord',
  'RefreshToken',
  'HazardCounter',
  'FiredEffect',
]);
const CJK = /[\u3400-\u9FFF]/;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return n === 'migrations' || n === 'testing' ? [] : sources(p);
    return n.endsWith('.ts') && !n.endsWith('.test.ts') ? [p] : [];
  });
}

/** The api's parts, built around a container that has only what building them needs (no database, no Redis). */
function parts() {
  const config = loadConfig({ ...process.env, NODE_ENV: 'test' });
  const noop = () => undefined;
  const logger = { info: noop, warn: noop, error: noop, debug: noop, child: () => logger };
  const c = { config, logger } as unknown as Container;
  const s = buildServices(c);
  return { routes: buildRoutes(c, s, { shuttingDown: false, version: 'test' }), registry: buildJobRegistry(c, s), s };
}

/** Action names written literally: a scope's or an event row's `action`, a fallback after `??`, a CLI's name. */
function literalActions(): { where: string; action: string }[] {
  const out: { where: string; action: string }[] = [];
  for (const file of sources(API_SRC)) {
    const text = readFileSync(file, 'utf8');
    const where = relative(API_SRC, file);
    // Hazard timeline actions (`action: 'confirm'`, 'escalated') are words without a dot; audit actions are
    // `module.verb` names, or a scope's fallback after `??` ('system', 'auth').
    for (const m of text.matchAll(/\baction:\s*'([\w.:-]+)'/g)) if (/[.:]/.test(m[1]!)) out.push({ where, action: m[1]! });
    for (const m of text.matchAll(/\baction\s*\?\?\s*'([\w.:-]+)'/g)) out.push({ where, action: m[1]! });
    for (const m of text.matchAll(/\bwithCli\(\s*'([\w.:-]+)'/g)) out.push({ where, action: m[1]! });
  }
  return out;
}

/** Entity types given to `recordEvent` (rows that are not an ORM entity's change). */
function literalEntityTypes(): { where: string; entityType: string }[] {
  const out: { where: string; entityType: string }[] = [];
  for (const file of sources(API_SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bentityType:\s*'(\w+)'/g)) out.push({ where: relative(API_SRC, file), entityType: m[1]! });
  }
  return out;
}

describe('audit labels', () => {
  const { routes, registry, s } = parts();

  it('names every action the api writes to the audit trail', () => {
    const actions = [
      ...routes.map((r) => ({ where: `route ${r.method.toUpperCase()} ${r.path}`, action: r.operationId })),
      ...Object.keys(jobCatalog)
        .filter((j) => j !== EVENT_JOB)
        .map((j) => ({ where: 'job catalogue', action: j })),
      ...registry.subscriberNames().map((n) => ({ where: 'event subscriber', action: `event:${n}` })),
      ...s.reconcilers.map((r) => ({ where: 'reconciler', action: `reconcile:${r.name}` })),
      ...literalActions(),
    ];
    expect(actions.length).toBeGreaterThan(100);
    const missing = actions.filter((a) => !AUDIT_ACTION_LABELS[a.action]).map((a) => `${a.action} (${a.where})`);
    expect(missing).toEqual([]);
  });

  it('names every entity type the api writes to the audit trail', () => {
    const types = [
      ...entities
        .map((e) => ({ where: 'entities.ts', entityType: e.meta.className }))
        .filter((e) => !NOT_AUDITED.has(e.entityType)),
      ...literalEntityTypes(),
    ];
    expect(types.length).toBeGreaterThan(20);
    const missing = types.filter((e) => !AUDIT_ENTITY_LABELS[e.entityType]).map((e) => `${e.entityType} (${e.where})`);
    expect(missing).toEqual([]);
  });

  it('gives every label in Chinese and in English, each in its own language', () => {
    const bad = [...Object.entries(AUDIT_ACTION_LABELS), ...Object.entries(AUDIT_ENTITY_LABELS)]
      .filter(([, l]) => !CJK.test(l.zh) || CJK.test(l.en) || !l.en.trim())
      .map(([k]) => k);
    expect(bad).toEqual([]);
  });

  it('answers in the language asked for, and shows an unknown code as it is', () => {
    expect(auditActionLabel('hazards.transition', 'zh-CN')).toBe('隐患状态变更');
    expect(auditActionLabel('hazards.report', 'zh-CN')).toBe('隐患上报');
    expect(auditActionLabel('enterprises.update', 'zh-CN')).toBe('企业档案修改');
    expect(auditActionLabel('hazards.transition', 'en')).toBe('Hazard status change');
    expect(auditActionLabel('enterprises.supplies.replace', 'en')).toBe('Edit emergency supply');
    expect(auditEntityLabel('NotificationDelivery', 'zh-CN')).toBe('通知投递');
    expect(auditEntityLabel('NotificationDelivery', 'en')).toBe('Notification delivery');
    expect(auditActionLabel('nobody.knows', 'en')).toBe('nobody.knows');
  });

  it('fails for an action without a label (the check can fail)', () => {
    expect(AUDIT_ACTION_LABELS['hazards.unlabelled']).toBeUndefined();
    expect(literalActions().some((a) => a.action === 'platform.actAs')).toBe(true);
    expect(literalActions().some((a) => a.action === 'confirm')).toBe(false);
  });
});
