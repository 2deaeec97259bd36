import { Alert, App, Card, Col, Descriptions, Row, Tag } from 'antd';
import { useSession } from '../../auth/session.tsx';
import { ChangePasswordForm } from '../../components/change-password-form.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { roleLabel } from '../../i18n/labels.ts';
import { usePunct } from '../../i18n/punct.ts';
import { MfaCard } from './mfa-card.tsx';
import { SessionsCard } from './sessions-card.tsx';

/**
 * 个人中心: who I am, change my password, second factor, signed-in devices. Always my own account — said while a
 * platform operator acts in a zone or a bureau supervisor reads one.
 */
export function ProfilePage() {
  const { t, lang } = useI18n();
  const pn = usePunct();
  const { message } = App.useApp();
  const { me, acting } = useSession();
  if (!me) return null;
  return (
    <PageContainer title={t('profile.title')}>
      {acting && (
        <Alert
          type="info"
          showIcon
          title={t(me.tenant.kind === 'bureau' ? 'profile.supervisingNote' : 'profile.actingNote')}
          data-testid="profile-acting-note"
        />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card title={t('profile.basic')} style={{ height: '100%' }}>
            <Descriptions column={1} size="middle">
              <Descriptions.Item label={t('users.name')}>{me.name}</Descriptions.Item>
              <Descriptions.Item label={t('users.username')}>
                <span className="mono">{me.username ?? '—'}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t(me.tenant.kind === 'zone' ? 'home.zone' : 'home.organisation')}>
                {me.tenant.kind === 'platform' ? t('layout.platform') : me.tenant.name}
                {pn.open}
                <span className="mono">{me.tenant.code}</span>
                {pn.close}
              </Descriptions.Item>
              <Descriptions.Item label={t('users.role')}>
                <Tag color="blue">{roleLabel(me.role, lang)}</Tag>
              </Descriptions.Item>
              {me.enterpriseName && <Descriptions.Item label={t('home.enterprise')}>{me.enterpriseName}</Descriptions.Item>}
              <Descriptions.Item label={t('users.phone')}>{me.phoneMasked ?? '—'}</Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('profile.password')} style={{ height: '100%' }}>
            <ChangePasswordForm onDone={() => message.success(t('password.changed'))} />
          </Card>
        </Col>
        <Col xs={24}>
          <MfaCard />
        </Col>
        <Col xs={24}>
          <SessionsCard />
        </Col>
      </Row>
    </PageContainer>
  );
}
