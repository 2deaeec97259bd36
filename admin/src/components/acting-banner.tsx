import { useEffect, useState } from 'react';
import { Button, Flex, Typography } from 'antd';
import { GlobalOutlined, LogoutOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useSession } from '../auth/session.tsx';
import { useT } from '../i18n/i18n.tsx';

/** Always visible while a platform operator acts inside a zone: which zone, why, how long, and a way out. */
export function ActingBanner() {
  const t = useT();
  const { acting, stopActing } = useSession();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(timer);
  }, []);
  if (!acting) return null;
  if (acting.supervising) return <SupervisingBanner />;
  const minutes = Math.max(0, Math.ceil((acting.expiresAt - now) / 60_000));
  return (
    <Flex
      className="acting-banner"
      align="center"
      justify="space-between"
      gap={12}
      role="status"
      data-testid="acting-banner"
      wrap
    >
      <Flex align="center" gap={10} style={{ minWidth: 0 }} wrap>
        <SafetyCertificateOutlined style={{ fontSize: 18 }} />
        <Typography.Text strong style={{ color: 'inherit' }}>
          {t('acting.banner', { zone: acting.me.tenant.name })}
        </Typography.Text>
        <Typography.Text style={{ color: 'inherit' }} ellipsis={{ tooltip: acting.reason }}>
          {t('acting.reason', { reason: acting.reason })}
        </Typography.Text>
        <Typography.Text style={{ color: 'inherit', opacity: 0.85 }}>{t('acting.remaining', { minutes })}</Typography.Text>
      </Flex>
      <Button size="small" icon={<LogoutOutlined />} onClick={() => stopActing('user')} data-testid="stop-acting">
        {t('acting.stop')}
      </Button>
    </Flex>
  );
}

/**
 * A city supervisor inside a zone: "义乌市应急管理局 · 只读查看：开发区四期 · 返回城市总览". The zone's pages show what
 * the role may read (no write buttons); the api refuses every change with a supervision token anyway.
 */
function SupervisingBanner() {
  const t = useT();
  const { acting, stopActing } = useSession();
  if (!acting?.supervising) return null;
  return (
    <Flex
      className="acting-banner supervising-banner"
      align="center"
      justify="space-between"
      gap={12}
      role="status"
      data-testid="supervising-banner"
      // Blue, not the operator's orange: a supervisor reads, an operator may change.
      style={{ background: '#1d39c4' }}
      wrap
    >
      <Flex align="center" gap={10} style={{ minWidth: 0 }} wrap>
        <GlobalOutlined style={{ fontSize: 18 }} />
        <Typography.Text strong style={{ color: 'inherit' }} data-testid="supervising-banner-text">
          {t('supervising.banner', { bureau: acting.supervising.bureauName, zone: acting.me.tenant.name })}
        </Typography.Text>
        <Typography.Text style={{ color: 'inherit', opacity: 0.85 }}>{t('supervising.readOnly')}</Typography.Text>
      </Flex>
      <Button size="small" icon={<LogoutOutlined />} onClick={() => stopActing('user')} data-testid="supervising-back">
        {t('supervising.back')}
      </Button>
    </Flex>
  );
}
