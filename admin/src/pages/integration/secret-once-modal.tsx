import { useEffect, useState } from 'react';
import { Alert, App, Button, Flex, Modal, Typography } from 'antd';
import { CopyOutlined } from '@ant-design/icons';
import { useMessages } from '../../i18n/feature.ts';
import { integrationMessages } from './messages.ts';

/** A secret the api shows once (a new API key, a webhook signing secret), with what it belongs to. */
export interface OnceSecret {
  kind: 'key' | 'secret';
  /** What it is for (the key's or subscription's name). */
  name: string;
  value: string;
  /** A line under the secret (how to send it, when the old key ends). */
  note?: string;
}

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Without clipboard permission (an http address): select the text for the person to copy.
    const ta = document.createElement('textarea');
    ta.value = text;
    document.body.appendChild(ta);
    ta.select();
    const ok = document.execCommand?.('copy') ?? false;
    ta.remove();
    return ok;
  }
}

/**
 * Shows a secret ONCE: a warning that it cannot be shown again, the secret in a mono box with a copy button. The
 * dialog cannot be closed by clicking outside; closing before copying asks once more (a lost key means a rotation).
 */
export function SecretOnceModal({ value, onClose }: { value: OnceSecret | null; onClose: () => void }) {
  const t = useMessages(integrationMessages);
  const { message, modal } = App.useApp();
  const [copied, setCopied] = useState(false);
  useEffect(() => setCopied(false), [value]);
  const close = () => {
    if (copied) return onClose();
    modal.confirm({
      title: t('onceNotCopied'),
      content: t('onceWarn'),
      okText: t('close'),
      cancelText: t('cancel'),
      onOk: onClose,
    });
  };
  return (
    <Modal
      open={!!value}
      title={value?.kind === 'key' ? t('onceTitleKey') : t('onceTitleSecret')}
      onCancel={close}
      maskClosable={false}
      destroyOnHidden
      width={640}
      footer={
        <Button type="primary" onClick={close} data-testid="secret-once-close">
          {t('onceCopied')}
        </Button>
      }
    >
      {value && (
        <Flex vertical gap={12} data-testid="secret-once">
          <Alert type="warning" showIcon title={t('onceWarn')} />
          <Typography.Text strong data-user-text>
            {value.name}
          </Typography.Text>
          <Flex gap={8} align="center">
            <div className="secret-box" style={{ flex: 1, fontSize: 15 }} data-testid="secret-once-value">
              {value.value}
            </div>
            <Button
              icon={<CopyOutlined />}
              data-testid="secret-once-copy"
              onClick={async () => {
                await copyText(value.value);
                setCopied(true);
                message.success(t('copied'));
              }}
            >
              {t('copy')}
            </Button>
          </Flex>
          {value.note && <Typography.Text type="secondary">{value.note}</Typography.Text>}
        </Flex>
      )}
    </Modal>
  );
}
