import sharp from 'sharp';
import { addDays, buildCreditCode, CURRENT_CHECKLIST, endOfLocalDay, localDate } from '@yuanan/domain';
import type { ChecklistSection } from '@yuanan/contracts';
import { tenantEm } from '../../core/db/orm.ts';
import { multipart, photoWithExif } from '../../testing/fixtures.ts';
import type { TestEnv } from '../../testing/test-env.ts';
import { Enterprise } from '../enterprises/enterprise.entity.ts';
import { InspectionAgency, InspectionContract, InspectionTask, InspectionTemplate, notStartedTask } from './inspection.entity.ts';

/**
 * Test fixtures for doing inspections (check-in, submit, record, re-check): rows are written with the ORM in the
 * zone (the template, plan and generation routes are other helpers' and tested there), requests go through the api.
 */
export const TZ = 'Asia/Shanghai';
export const today = () => localDate(new Date(), TZ);
/** A plant in 义乌; 0.001° of latitude ≈ 111 m. */
export const PLANT = { lat: 29.3, lng: 120.07 };
export const north = (m: number) => ({ lat: PLANT.lat + m / 111_195, lng: PLANT.lng });
export const MAJOR_CLAUSE = CURRENT_CHECKLIST.items[0]!.code;

export const SECTIONS: ChecklistSection[] = [
  {
    title: '作业审批',
    items: [
      {
        key: 'permit',
        text: '是否办理有限空间作业审批手续',
        kind: 'yes_no',
        photoRequired: false,
        legalBasis: '《工贸企业有限空间作业安全规定》第十二条',
        categoryCode: 'confined_space',
        majorClause: MAJOR_CLAUSE,
      },
      {
        key: 'oxygen',
        text: '作业前氧含量检测值',
        kind: 'number',
        unit: '%',
        min: 19.5,
        max: 23.5,
        photoRequired: true,
        legalBasis: '《缺氧危险作业安全规程》',
        categoryCode: 'confined_space',
      },
    ],
  },
  {
    title: '现场',
    items: [
      {
        key: 'sign',
        text: '警示标识设置情况',
        kind: 'choice',
        options: [
          { value: 'ok', label: '齐全', fails: false },
          { value: 'missing', label: '缺失', fails: true },
        ],
        photoRequired: false,
      },
      { key: 'remark', text: '其他情况', kind: 'text', photoRequired: false },
    ],
  },
];

let seq = 0;
/** A valid, unused credit code (some bodies have no check character: the next one is taken). */
function creditCode(): string {
  for (let i = 0; i < 100; i++) {
    const body = `MA${String(process.pid % 100).padStart(2, '0')}${String(++seq).padStart(4, '0')}`;
    try {
      return buildCreditCode('91', '330782', body);
    } catch {
      // no check character for this body
    }
  }
  throw new Error('no credit code');
}

export async function mkEnterprise(
  env: TestEnv,
  tenantId: string,
  name: string,
  at: { lat: number; lng: number } | null = PLANT,
) {
  const em = tenantEm(env.api.c.orm, tenantId);
  const e = em.create(Enterprise, {
    creditCode: creditCode(),
    name,
    principalName: '张三',
    lat: at?.lat ?? null,
    lng: at?.lng ?? null,
  } as never) as Enterprise;
  await em.flush();
  return e.id;
}

export async function mkTemplate(env: TestEnv, tenantId: string, sections: ChecklistSection[] = SECTIONS, version = 1) {
  const em = tenantEm(env.api.c.orm, tenantId);
  const t = em.create(InspectionTemplate, {
    code: `T${Math.floor(Math.random() * 1e8)}`,
    version,
    status: 'published',
    name: '有限空间作业检查表',
    description: null,
    industries: [],
    tags: [],
    sections,
    needsExpertReview: false,
    publishedAt: new Date(),
    createdBy: null,
  } as never) as InspectionTemplate;
  await em.flush();
  return t.id;
}

export async function mkTask(
  env: TestEnv,
  tenantId: string,
  fields: {
    enterpriseId: string;
    templateId: string;
    kind?: 'routine' | 'campaign' | 'self_check' | 'recheck';
    assigneeUserId?: string | null;
    assigneeRole?: string | null;
    agencyId?: string | null;
    gridId?: string | null;
    status?: 'scheduled' | 'open' | 'in_progress' | 'done' | 'missed';
    dueInDays?: number;
  },
) {
  const em = tenantEm(env.api.c.orm, tenantId);
  const day = today();
  const t = em.create(InspectionTask, {
    planId: null,
    enterpriseId: fields.enterpriseId,
    gridId: fields.gridId ?? null,
    templateId: fields.templateId,
    kind: fields.kind ?? 'routine',
    assigneeUserId: fields.assigneeUserId ?? null,
    assigneeRole: fields.assigneeRole ?? null,
    agencyId: fields.agencyId ?? null,
    periodKey: `${day}-${Math.floor(Math.random() * 1e6)}`.slice(0, 20),
    startAt: new Date(Date.now() - 86400_000),
    dueAt: endOfLocalDay(addDays(day, fields.dueInDays ?? 3), TZ),
    status: fields.status ?? 'open',
    ...notStartedTask(),
    recheckOfHazardId: null,
    reminderSentAt: null,
  } as never) as InspectionTask;
  await em.flush();
  return t.id;
}

export async function readTask(env: TestEnv, tenantId: string, id: string) {
  return tenantEm(env.api.c.orm, tenantId).findOneOrFail(InspectionTask, { id });
}

/** An agency with `members` and a contract over `enterpriseIds` from `startDate` to `endDate` (zone dates). */
export async function mkAgency(
  env: TestEnv,
  tenantId: string,
  members: string[],
  enterpriseIds: string[],
  startDate: string,
  endDate: string,
) {
  const em = tenantEm(env.api.c.orm, tenantId);
  const a = em.create(InspectionAgency, {
    name: `检测机构${Math.floor(Math.random() * 1e4)}`,
    creditCode: null,
    contactName: '赵敏',
    contactPhone: '13905790103',
    memberUserIds: members,
  } as never) as InspectionAgency;
  await em.flush();
  em.create(InspectionContract, {
    agencyId: a.id,
    name: '服务合同',
    enterpriseIds,
    templateIds: [],
    startDate,
    endDate,
  } as never);
  await em.flush();
  return a.id;
}

export async function uploadPhoto(env: TestEnv, token: string) {
  const r = await env.req('POST', '/api/v1/files', {
    token,
    raw: multipart(await photoWithExif(), 'p.jpg', { purpose: 'hazard_photo' }, 'image/jpeg'),
  });
  if (r.status !== 201) throw new Error(`upload: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.id as string;
}

export async function uploadSignature(env: TestEnv, token: string) {
  const png = await sharp({ create: { width: 300, height: 120, channels: 3, background: '#fff' } })
    .png()
    .toBuffer();
  const r = await env.req('POST', '/api/v1/files', {
    token,
    raw: multipart(png, 'sign.png', { purpose: 'other' }, 'image/png'),
  });
  if (r.status !== 201) throw new Error(`upload signature: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.id as string;
}
