import { useEffect } from 'react';
import { App, Form, Modal } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { HAZARD_MAX_CITATIONS, type Hazard, type LawCitationRef } from '@yuanan/contracts';
import { applyFormErrors, errorText, isApiError } from '../../api/errors.ts';
import { useScope } from '../../api/keys.ts';
import type { HazardDetail } from '../../api/types.ts';
import { useApi } from '../../auth/session.tsx';
import { LawCitationPicker } from '../../components/law-citation/law-citation-picker.tsx';
import { useT } from '../../i18n/i18n.tsx';
import { useMessages } from '../../i18n/feature.ts';
import { hzMessages } from './messages.ts';

/**
 * 修改依据条文: the office re-cites the articles of a hazard in any state (PUT /hazards/:id/citations with the
 * version seen) — e.g. a flagged citation (amended) replaced by the article in force. Someone else's change first
 * (409) reloads the hazard and keeps the dialog open.
 */
export function CitationsModal({
  hazard,
  open,
  onClose,
  onReload,
}: {
  hazard: HazardDetail;
  open: boolean;
  onClose: () => void;
  onReload: () => Promise<unknown>;
}) {
  const t = useMessages(hzMessages);
  const tc = useT();
  const api = useApi();
  const scope = useScope();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ citations: LawCitationRef[] }>();
  useEffect(() => {
    if (open)
      form.setFieldsValue({ citations: hazard.citations.map((c) => ({ versionId: c.versionId, articleKey: c.articleKey })) });
    // Filled once per opening.
  }, [open]);
  const save = useMutation({
    mutationFn: (citations: LawCitationRef[]) =>
      api.put<Hazard>(`/hazards/${hazard.id}/citations`, { citations, version: hazard.version }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: [scope, 'hazards'] }),
  });
  const submit = async () => {
    try {
      await save.mutateAsync(form.getFieldValue('citations') ?? []);
      message.success(t('citationsSaved'));
      onClose();
    } catch (e) {
      if (isApiError(e, 'conflict')) {
        await onReload();
        message.warning(t('conflict'));
        return;
      }
      applyFormErrors(form, e);
      message.error(errorText(e));
    }
  };
  return (
    <Modal
      open={open}
      title={t('citationsEdit')}
      width={720}
      okText={tc('common.ok')}
      cancelText={tc('common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => void submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'hz-citations-ok' }}
      forceRender
    >
      <Form form={form} layout="vertical">
        <Form.Item name="citations" label={t('citations')} extra={t('citationsHint')}>
          <LawCitationPicker max={HAZARD_MAX_CITATIONS} basisText={hazard.legalBasis ?? ''} testId="hz-citations-edit" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
