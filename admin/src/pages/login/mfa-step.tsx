import { useState } from 'react';
import { Alert, Button, Flex, Form, Input, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import type { TokenPair } from '@yuanan/contracts';
import { mainClient } from '../../api/client.ts';
import { QrCode } from '../../components/qr-code.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeLoginError, type LoginProblem } from './login-problem.ts';
import type { MfaChallenge } from './login-page.tsx';

/** The second step: a 6-digit TOTP code, after scanning the QR code when enrolment is required. */
export function MfaStep({
  challenge,
  onDone,
  onBack,
}: {
  challenge: MfaChallenge;
  onDone: (p: TokenPair) => void;
  onBack: () => void;
}) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<{ code: string }>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<LoginProblem | null>(null);

  const submit = async ({ code }: { code: string }) => {
    setBusy(true);
    setProblem(null);
    try {
      onDone(await mainClient.auth.loginMfa({ mfaToken: challenge.mfaToken, code }));
    } catch (e) {
      const p = describeLoginError(e, lang);
      if (p.field === 'code') {
        form.setFields([{ name: 'code', value: '', errors: [p.title] }]);
      } else setProblem(p);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Flex vertical gap={16}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {challenge.kind === 'enrol' ? t('login.enrolDesc') : t('login.mfaDesc')}
      </Typography.Paragraph>
      {challenge.kind === 'enrol' && (
        <Flex gap={16} align="center">
          <QrCode value={challenge.otpauthUri} size={148} testId="enrol-qr" />
          <div style={{ minWidth: 0 }}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('login.secret')}
            </Typography.Text>
            <Typography.Paragraph copyable={{ text: challenge.secret }} className="secret-box" style={{ marginTop: 4 }}>
              {challenge.secret}
            </Typography.Paragraph>
          </div>
        </Flex>
      )}
      {problem && (
        <Alert
          type="error"
          showIcon
          title={problem.title}
          description={problem.hint}
          data-testid="mfa-error"
          action={
            problem.retry ? (
              <Button size="small" onClick={() => form.submit()}>
                {t('common.retry')}
              </Button>
            ) : undefined
          }
        />
      )}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item
          name="code"
          label={t('login.code')}
          rules={[{ required: true, pattern: /^\d{6}$/, message: t('login.codeRequired') }]}
        >
          <Input.OTP
            length={6}
            size="large"
            formatter={(s) => s.replace(/\D/g, '')}
            autoFocus
            onChange={(v) => {
              if (/^\d{6}$/.test(v)) form.submit();
            }}
            data-testid="mfa-code"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={busy}>
          {t('login.verify')}
        </Button>
      </Form>
      <Button type="link" icon={<ArrowLeftOutlined />} onClick={onBack} style={{ alignSelf: 'flex-start', padding: 0 }}>
        {t('login.backToPassword')}
      </Button>
    </Flex>
  );
}
