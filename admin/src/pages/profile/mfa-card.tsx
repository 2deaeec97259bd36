import { useState } from 'react';
import { Alert, App, Button, Card, Flex, Form, Input, Modal, Steps, Typography } from 'antd';
import { SafetyOutlined } from '@ant-design/icons';
import { mainClient } from '../../api/client.ts';
import { errorText, isApiError } from '../../api/errors.ts';
import { useSession } from '../../auth/session.tsx';
import { QrCode } from '../../components/qr-code.tsx';
import { useT } from '../../i18n/i18n.tsx';

/** Turn the TOTP second factor on (QR + code) or off (code). */
export function MfaCard() {
  const t = useT();
  const { message } = App.useApp();
  const { me, reloadMe } = useSession();
  const [enrol, setEnrol] = useState<{ secret: string; otpauthUri: string } | null>(null);
  const [disabling, setDisabling] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ code: string }>();
  if (!me) return null;

  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      setEnrol(await mainClient.me.mfaEnrol());
      form.resetFields();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const confirm = async ({ code }: { code: string }) => {
    setBusy(true);
    setError(null);
    try {
      if (enrol) await mainClient.me.mfaActivate(code);
      else await mainClient.me.mfaDisable(code);
      message.success(enrol ? t('profile.mfaEnabled') : t('profile.mfaDisabled'));
      setEnrol(null);
      setDisabling(false);
      await reloadMe();
    } catch (e) {
      if (isApiError(e, 'mfa_invalid')) form.setFields([{ name: 'code', value: '', errors: [e.message] }]);
      else setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const codeField = (
    <Form form={form} layout="vertical" onFinish={confirm} requiredMark={false}>
      <Form.Item
        name="code"
        label={t('login.code')}
        rules={[{ required: true, pattern: /^\d{6}$/, message: t('login.codeRequired') }]}
      >
        <Input.OTP length={6} formatter={(s) => s.replace(/\D/g, '')} />
      </Form.Item>
    </Form>
  );

  return (
    <Card
      title={
        <span>
          <SafetyOutlined /> {t('profile.mfa')}
        </span>
      }
    >
      <Flex justify="space-between" align="center" gap={16} wrap>
        <Alert
          type={me.mfaEnabled ? 'success' : 'warning'}
          showIcon
          title={me.mfaEnabled ? t('profile.mfaOn') : t('profile.mfaOff')}
          style={{ flex: 1 }}
        />
        {me.mfaEnabled ? (
          <Button
            danger
            onClick={() => {
              setError(null);
              form.resetFields();
              setDisabling(true);
            }}
          >
            {t('profile.mfaDisable')}
          </Button>
        ) : (
          <Button type="primary" loading={busy && !enrol} onClick={start}>
            {t('profile.mfaEnable')}
          </Button>
        )}
      </Flex>
      <Modal
        open={!!enrol}
        title={t('profile.mfaEnable')}
        okText={t('login.verify')}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => setEnrol(null)}
        width={560}
      >
        {enrol && (
          <Steps
            orientation="vertical"
            current={1}
            items={[
              {
                title: t('profile.mfaScan'),
                content: (
                  <Flex gap={16} align="center" style={{ margin: '8px 0 16px' }}>
                    <QrCode value={enrol.otpauthUri} size={150} />
                    <div style={{ minWidth: 0 }}>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('login.secret')}
                      </Typography.Text>
                      <Typography.Paragraph copyable={{ text: enrol.secret }} className="secret-box" style={{ marginTop: 4 }}>
                        {enrol.secret}
                      </Typography.Paragraph>
                    </div>
                  </Flex>
                ),
              },
              { title: t('profile.mfaEnter'), content: codeField },
            ]}
          />
        )}
        {error && <Alert type="error" showIcon title={error} />}
      </Modal>
      <Modal
        open={disabling}
        title={t('profile.mfaDisable')}
        okText={t('profile.mfaDisable')}
        okButtonProps={{ danger: true }}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => setDisabling(false)}
      >
        <Typography.Paragraph type="secondary">{t('profile.mfaDisableDesc')}</Typography.Paragraph>
        {disabling && codeField}
        {error && <Alert type="error" showIcon title={error} />}
      </Modal>
    </Card>
  );
}
