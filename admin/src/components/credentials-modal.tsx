import { Alert, Button, Descriptions, Modal, Typography } from 'antd';
import { useT } from '../i18n/i18n.tsx';

export interface Credentials {
  title: string;
  username: string;
  password: string;
}

/** A temporary password, shown once so it can be handed over. */
export function CredentialsModal({ value, onClose }: { value: Credentials | null; onClose: () => void }) {
  const t = useT();
  return (
    <Modal
      open={!!value}
      title={value?.title}
      onCancel={onClose}
      footer={
        <Button type="primary" onClick={onClose}>
          {t('common.ok')}
        </Button>
      }
    >
      {value && (
        <>
          <Alert type="warning" showIcon title={t('users.tempPasswordHelp')} style={{ marginBottom: 16 }} />
          <Descriptions column={1} bordered size="small">
            <Descriptions.Item label={t('users.username')}>
              <Typography.Text className="mono" copyable>
                {value.username}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('users.tempPassword')}>
              <Typography.Text className="mono" strong copyable style={{ fontSize: 16 }}>
                {value.password}
              </Typography.Text>
            </Descriptions.Item>
          </Descriptions>
        </>
      )}
    </Modal>
  );
}
