import { useState } from 'react';
import { Button, Card, Checkbox, Empty, Flex, List, Modal, Skeleton, Tag, Typography } from 'antd';
import { FileProtectOutlined } from '@ant-design/icons';
import { useIncidentMutations, usePlanProposals, type IncidentDetail } from '../../api/incident-queries.ts';
import { fmtMinute } from '../../components/time.ts';
import { useMessages } from '../../i18n/feature.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import type { Run } from './desk-page.tsx';
import { levelText, typeText, useNow } from './labels.tsx';
import { incidentMessages } from './messages.ts';

/**
 * 处置清单: the applied response plan's steps as a checklist — who, what, due at learnedAt + withinMinutes (red when
 * past due and not done), ticked by the desk (who and when shown). Without a plan: 选用预案 lists the matching ones
 * (the enterprise's first, then the zone's; by type and warning level).
 */
export function ChecklistCard({ inc, canManage, run }: { inc: IncidentDetail; canManage: boolean; run: Run }) {
  const t = useMessages(incidentMessages);
  const m = useIncidentMutations();
  const now = useNow(15_000);
  const [choosing, setChoosing] = useState(false);
  const items = [...inc.checklist].sort((a, b) => a.order - b.order);
  const done = items.filter((i) => i.doneAt).length;

  return (
    <Card
      size="small"
      className="inc-fill inc-half"
      title={
        <Flex gap={6} align="center" style={{ minWidth: 0 }}>
          {t('checklist')}
          {items.length > 0 && (
            <Tag color={done === items.length ? 'green' : 'blue'} data-testid="inc-checklist-count">
              {done}/{items.length}
            </Tag>
          )}
          {inc.plan && (
            <Typography.Text type="secondary" ellipsis style={{ fontSize: 12, fontWeight: 400 }} data-user-text>
              {inc.plan.title}
            </Typography.Text>
          )}
        </Flex>
      }
      extra={
        canManage && (
          <Button size="small" icon={<FileProtectOutlined />} onClick={() => setChoosing(true)} data-testid="inc-choose-plan">
            {t('plan')}
          </Button>
        )
      }
      data-testid="inc-checklist"
    >
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noPlan')} />
      ) : (
        items.map((i) => {
          const overdue = !i.doneAt && Date.parse(i.dueAt) < now;
          return (
            <div
              key={i.id}
              className="inc-step"
              data-testid="inc-step"
              data-id={i.id}
              data-done={String(!!i.doneAt)}
              data-overdue={String(overdue)}
            >
              <Checkbox
                checked={!!i.doneAt}
                disabled={!canManage || m.checklist.isPending}
                onChange={(e) =>
                  void run(() => m.checklist.mutateAsync({ id: inc.id, itemId: i.id, done: e.target.checked }), '')
                }
                data-testid="inc-step-check"
              />
              <Flex vertical gap={0} style={{ minWidth: 0, flex: 1 }}>
                <Typography.Text className="inc-step-action" data-user-text>
                  {i.action}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  <span data-user-text>{i.who}</span> ·{' '}
                  {i.doneAt ? (
                    <span>
                      {t('stepDone')} {fmtMinute(i.doneAt).slice(11)} {i.doneByName && <span data-user-text>{i.doneByName}</span>}
                    </span>
                  ) : (
                    <span className="inc-step-due">
                      {overdue ? `${t('stepOverdue')} · ` : ''}
                      {t('stepDue', { t: fmtMinute(i.dueAt).slice(11) })}
                    </span>
                  )}
                </Typography.Text>
              </Flex>
            </div>
          );
        })
      )}
      {choosing && <PlanChooser inc={inc} run={run} onClose={() => setChoosing(false)} />}
    </Card>
  );
}

/** 匹配的预案: the active plans for the incident's type and level; 选用 rebuilds the checklist from its steps. */
function PlanChooser({ inc, run, onClose }: { inc: IncidentDetail; run: Run; onClose: () => void }) {
  const t = useMessages(incidentMessages);
  const { lang } = useI18n();
  const m = useIncidentMutations();
  const proposals = usePlanProposals(inc.id, true);
  return (
    <Modal open width={640} title={t('planProposals')} footer={null} onCancel={onClose} data-testid="inc-plan-chooser">
      {proposals.isLoading ? (
        <Skeleton active />
      ) : (
        <List
          dataSource={proposals.data?.items ?? []}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noPlanMatch')} /> }}
          renderItem={(p) => (
            <List.Item
              data-testid="inc-plan-option"
              data-id={p.id}
              actions={[
                <Button
                  key="apply"
                  type={inc.plan?.id === p.id ? 'default' : 'primary'}
                  size="small"
                  loading={m.applyPlan.isPending}
                  onClick={async () => {
                    if (await run(() => m.applyPlan.mutateAsync({ id: inc.id, planId: p.id }), t('planApplied'))) onClose();
                  }}
                  data-testid="inc-plan-apply"
                >
                  {t('applyPlan')}
                </Button>,
              ]}
            >
              <List.Item.Meta
                title={<span data-user-text>{p.title}</span>}
                description={
                  <span>
                    {p.enterpriseName ? <span data-user-text>{p.enterpriseName}</span> : t('zoneWide')} ·{' '}
                    {p.incidentTypes.map((x) => typeText(x, lang)).join(lang === 'en' ? ', ' : '、')} ·{' '}
                    {p.levels.map((x) => levelText(x, lang)).join(lang === 'en' ? ', ' : '、')} · {t('steps')} {p.steps.length}
                  </span>
                }
              />
            </List.Item>
          )}
        />
      )}
    </Modal>
  );
}
