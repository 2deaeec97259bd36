import {
  DEFAULT_COLOUR_MODEL,
  DEFAULT_LEC_THRESHOLDS,
  DEFAULT_LS_THRESHOLDS,
  lec,
  lecFactorProblems,
  ls,
  lsFactorProblems,
  type RiskColour,
} from '@yuanan/domain';
import type { Em } from '../../core/db/orm.ts';
import { AppError } from '../../core/http/problem.ts';
import { RiskModel, type RiskModelParams } from './risk.entity.ts';

export const defaultRiskModelParams = (): RiskModelParams =>
  structuredClone({ colour: DEFAULT_COLOUR_MODEL, lec: DEFAULT_LEC_THRESHOLDS, ls: DEFAULT_LS_THRESHOLDS });

/** The zone's active model; version 1 (the defaults) is created on first use. */
export async function activeRiskModel(em: Em): Promise<RiskModel> {
  const m = await em.findOne(RiskModel, { active: true }, { orderBy: { version: 'desc' } });
  if (m) return m;
  const fork = em.fork();
  const created = fork.create(RiskModel, {
    version: 1,
    params: defaultRiskModelParams(),
    active: true,
    note: '默认模型',
    createdBy: null,
  });
  try {
    await fork.flush();
    return created;
  } catch {
    return em.fork().findOneOrFail(RiskModel, { active: true }, { orderBy: { version: 'desc' } });
  }
}

/** Scores a risk point with the zone's thresholds; bad factors are a 400 naming the scale. */
export function assess(
  method: 'LEC' | 'LS',
  factors: Record<string, number>,
  params: RiskModelParams,
): { score: number; colour: RiskColour } {
  if (method === 'LEC') {
    const f = { l: factors.l!, e: factors.e!, c: factors.c! };
    const problems = [
      ...(['l', 'e', 'c'].every((k) => typeof factors[k] === 'number') ? [] : ['LEC 需要 l、e、c 三个因子']),
      ...lecFactorProblems(f),
    ];
    if (problems.length)
      throw new AppError(400, 'validation_failed', problems.join('；'), {
        errors: [{ path: 'factors', code: 'invalid_value', message: problems.join('；') }],
      });
    return lec(f, params.lec);
  }
  const f = { l: factors.l!, s: factors.s! };
  const problems = [
    ...(['l', 's'].every((k) => typeof factors[k] === 'number') ? [] : ['LS 需要 l、s 两个因子']),
    ...lsFactorProblems(f),
  ];
  if (problems.length)
    throw new AppError(400, 'validation_failed', problems.join('；'), {
      errors: [{ path: 'factors', code: 'invalid_value', message: problems.join('；') }],
    });
  return ls(f, params.ls);
}
