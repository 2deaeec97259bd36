import { useMemo, useState } from 'react';
import { Button, Form, Space, Typography } from 'antd';
import { fitPlanAffine } from '@yuanan/domain';
import { useRiskMap } from '../../api/risk-queries.ts';
import { useMessages } from '../../i18n/feature.ts';
import { SitePlanMap } from '../iot/site-plan.tsx';
import { incidentMessages } from './messages.ts';

/** A point on the site plan (fractions 0..1, y from the top, as the enterprises' points). */
export interface PlanPoint {
  x: number;
  y: number;
}

/**
 * The zone's site plan and the lat/lng of a plan point: an affine fit on the enterprises that have both positions
 * (domain `fitPlanAffine`); `latLngOf` is null without a fit (< 3 such enterprises): the plan point goes alone.
 */
export function usePlanPoints() {
  const plan = useRiskMap({ view: 'plan' });
  const fit = useMemo(
    () =>
      fitPlanAffine(
        (plan.data?.markers ?? [])
          .filter((m) => m.lat != null && m.lng != null && m.planX != null && m.planY != null)
          .map((m) => ({ lat: m.lat!, lng: m.lng!, x: m.planX!, y: m.planY! })),
      ),
    [plan.data],
  );
  const latLngOf = fit
    ? (p: PlanPoint) => {
        const q = fit.toLatLng(p.x, p.y);
        return { lat: Math.round(q.lat * 1e6) / 1e6, lng: Math.round(q.lng * 1e6) / 1e6 };
      }
    : null;
  return { sitePlan: plan.data?.sitePlan ?? null, latLngOf };
}

/**
 * 平面图位置: the point's state, a button that shows the plan to click on, and clear. Nothing without a site plan.
 * `testId` prefixes the point text (`-point`), the button (`-pick`) and the plan (`-plan`).
 */
export function PlanPointField({
  value,
  onChange,
  testId,
}: {
  value: PlanPoint | null;
  onChange: (p: PlanPoint | null) => void;
  testId: string;
}) {
  const t = useMessages(incidentMessages);
  const { sitePlan } = usePlanPoints();
  const [picking, setPicking] = useState(false);
  if (!sitePlan) return null;
  return (
    <Form.Item label={t('planPoint')}>
      <Space size={8}>
        <Typography.Text type={value ? 'success' : 'secondary'} data-testid={`${testId}-point`}>
          {value ? `${t('pointSet')} (${value.x}, ${value.y})` : t('pointNone')}
        </Typography.Text>
        <Button size="small" onClick={() => setPicking((p) => !p)} data-testid={`${testId}-pick`}>
          {t('pickOnPlan')}
        </Button>
        {value && (
          <Button size="small" type="link" onClick={() => onChange(null)}>
            {t('clearPoint')}
          </Button>
        )}
      </Space>
      {picking && (
        <div style={{ marginTop: 8, position: 'relative' }}>
          <SitePlanMap plan={sitePlan} markers={[]} onPick={onChange} picked={value} height={320} testId={`${testId}-plan`} />
        </div>
      )}
    </Form.Item>
  );
}
