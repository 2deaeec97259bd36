import { App, Button, Card, Flex, Typography } from 'antd';
import { LockOutlined } from '@ant-design/icons';
import { useNavigate, useSearchParams } from 'react-router';
import { useSession } from '../../auth/session.tsx';
import { ChangePasswordForm } from '../../components/change-password-form.tsx';
import { LangSwitch } from '../../components/lang-switch.tsx';
import { useT } from '../../i18n/i18n.tsx';
import { usePunct } from '../../i18n/punct.ts';

/** First sign-in with an initial or reset password: a new one first, then back where the person was going. */
export function ForcePasswordPage() {
  const t = useT();
  const pn = usePunct();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { me, reloadMe, logout } = useSession();
  const next = params.get('next');
  const target = next && next.startsWith('/') && !next.startsWith('//') ? next : '/';

  return (
    <div className="login-bg">
      <div className="login-panel" style={{ width: '100%' }}>
        <Card className="login-card" style={{ maxWidth: 520 }} styles={{ body: { padding: 32 } }}>
          <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
            <Typography.Title level={3} style={{ margin: 0 }}>
              <LockOutlined /> {t('forceChange.title')}
            </Typography.Title>
            <LangSwitch className="login-lang" />
          </Flex>
          <Typography.Paragraph type="secondary">
            {me ? `${me.name}${pn.paren(me.tenant.name)}` : ''} {t('forceChange.desc')}
          </Typography.Paragraph>
          <ChangePasswordForm
            onDone={async () => {
              message.success(t('password.changed'));
              await reloadMe();
              navigate(target, { replace: true });
            }}
          />
          <Button type="link" style={{ padding: 0, marginTop: 16 }} onClick={() => void logout()}>
            {t('layout.logout')}
          </Button>
        </Card>
      </div>
    </div>
  );
}
