import { useEffect, useState } from 'react';
import { Button, Flex, Typography } from 'antd';
import { LogoutOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
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
