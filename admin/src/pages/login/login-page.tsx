import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Card, Flex, Form, Input, Typography, type InputRef } from 'antd';
import { ApartmentOutlined, LockOutlined, SafetyCertificateFilled, UserOutlined } from '@ant-design/icons';
import { Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import type { TokenPair } from '@yuanan/contracts';
import { lastZoneCode, mainClient, rememberZoneCode } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { LangSwitch } from '../../components/lang-switch.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeLoginError, type LoginProblem } from './login-problem.ts';
import { MfaStep } from './mfa-step.tsx';

interface Values {
  tenant: string;
  username: string;
  password: string;
}

export type MfaChallenge =
  { kind: 'mfa'; mfaToken: string } | { kind: 'enrol'; mfaToken: string; secret: string; otpauthUri: string };

/** Only same-site paths: `next` never sends anyone to another origin. */
function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/login')) return '/';
  return next;
}

export function LoginPage() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const location = useLocation();
  // After a session expired, the same person usually signs in again: keep their username.
  const expiredUser = (location.state as { username?: string | null } | null)?.username ?? '';
  const { status, completeLogin } = useSession();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<LoginProblem | null>(null);
  const [challenge, setChallenge] = useState<MfaChallenge | null>(null);
  const passwordRef = useRef<InputRef>(null);
  const next = safeNext(params.get('next'));
  const reason = params.get('reason');

  useEffect(() => {
    document.title = `${t('login.title')} · ${t('app.name')}`;
  }, [t]);

  if (status === 'authenticated') return <Navigate to={next} replace />;

  const finish = (pair: TokenPair) => {
    completeLogin(pair);
    navigate(next, { replace: true });
  };

  const submit = async (v: Values) => {
    const tenant = v.tenant.trim().toLowerCase();
    rememberZoneCode(tenant);
    setBusy(true);
    setProblem(null);
    try {
      const r = await mainClient.auth.login({ tenant, username: v.username.trim(), password: v.password });
      if (r.status === 'ok') finish(r);
      else if (r.status === 'mfa_required') setChallenge({ kind: 'mfa', mfaToken: r.mfaToken });
      else setChallenge({ kind: 'enrol', mfaToken: r.mfaToken, secret: r.secret, otpauthUri: r.otpauthUri });
    } catch (e) {
      const p = describeLoginError(e, lang);
      setProblem(p);
      if (p.field === 'tenant') form.setFields([{ name: 'tenant', errors: [p.title] }]);
      if (p.code === 'invalid_credentials') {
        // Keep everything typed; select the password so typing replaces it.
        passwordRef.current?.focus({ cursor: 'all' });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login-bg">
      <div className="login-side">
        <SafetyCertificateFilled style={{ fontSize: 56, color: '#7cc0ff' }} />
        <h1>{t('app.fullName')}</h1>
        <p>{t('app.slogan')}</p>
      </div>
      <div className="login-panel">
        <Card className="login-card" styles={{ body: { padding: 32 } }}>
          <Flex justify="space-between" align="center" style={{ marginBottom: 24 }}>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {challenge ? (challenge.kind === 'enrol' ? t('login.enrolTitle') : t('login.mfaTitle')) : t('login.title')}
            </Typography.Title>
            <LangSwitch className="login-lang" />
          </Flex>
          {!challenge && reason === 'expired' && !problem && (
            <Alert type="warning" showIcon title={t('login.expired')} style={{ marginBottom: 16 }} data-testid="login-expired" />
          )}
          {!challenge && reason === 'signed_out' && !problem && (
            <Alert type="success" showIcon title={t('login.signedOut')} style={{ marginBottom: 16 }} />
          )}
          {challenge ? (
            <MfaStep
              challenge={challenge}
              onDone={finish}
              onBack={() => {
                setChallenge(null);
                setProblem(null);
              }}
            />
          ) : (
            <>
              {problem && (
                <Alert
                  type="error"
                  showIcon
                  title={problem.title}
                  description={problem.hint}
                  style={{ marginBottom: 16 }}
                  data-testid="login-error"
                  action={
                    problem.retry ? (
                      <Button size="small" onClick={() => form.submit()} loading={busy}>
                        {t('common.retry')}
                      </Button>
                    ) : undefined
                  }
                />
              )}
              <Form
                form={form}
                layout="vertical"
                size="large"
                onFinish={submit}
                initialValues={{ tenant: lastZoneCode(), username: expiredUser, password: '' }}
                onValuesChange={(changed: Partial<Values>) => {
                  if ('tenant' in changed && problem?.field === 'tenant') setProblem(null);
                }}
                requiredMark={false}
              >
                <Form.Item
                  name="tenant"
                  label={t('login.zone')}
                  rules={[{ required: true, whitespace: true, message: t('login.zoneRequired') }]}
                >
                  <Input
                    prefix={<ApartmentOutlined />}
                    placeholder={t('login.zonePlaceholder')}
                    autoComplete="organization"
                    autoCapitalize="off"
                    spellCheck={false}
                    data-testid="login-zone"
                  />
                </Form.Item>
                <Form.Item
                  name="username"
                  label={t('login.username')}
                  rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
                >
                  <Input
                    prefix={<UserOutlined />}
                    autoComplete="username"
                    autoCapitalize="off"
                    spellCheck={false}
                    data-testid="login-username"
                  />
                </Form.Item>
                <Form.Item
                  name="password"
                  label={t('login.password')}
                  rules={[{ required: true, message: t('login.passwordRequired') }]}
                >
                  <Input.Password
                    ref={passwordRef}
                    prefix={<LockOutlined />}
                    autoComplete="current-password"
                    data-testid="login-password"
                  />
                </Form.Item>
                <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit" style={{ marginTop: 8 }}>
                  {t('login.submit')}
                </Button>
              </Form>
            </>
          )}
        </Card>
      </div>
    </div>
  );
}
