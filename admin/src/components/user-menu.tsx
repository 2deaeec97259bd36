import { App, Avatar, Button, Dropdown, Flex, Typography } from 'antd';
import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useSession } from '../auth/session.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { roleLabel } from '../i18n/labels.ts';

/** Who is signed in, with the profile and sign-out. */
export function UserMenu() {
  const { t, lang } = useI18n();
  const { modal } = App.useApp();
  const navigate = useNavigate();
  const { me, logout } = useSession();
  if (!me) return null;
  return (
    <Dropdown
      trigger={['click']}
      placement="bottomRight"
      menu={{
        items: [
          { key: 'profile', icon: <UserOutlined />, label: t('layout.profile') },
          { type: 'divider' },
          { key: 'logout', icon: <LogoutOutlined />, label: t('layout.logout'), danger: true },
        ],
        onClick: ({ key }) => {
          if (key === 'profile') navigate('/profile');
          if (key === 'logout')
            modal.confirm({
              title: t('layout.logoutConfirm'),
              okText: t('layout.logout'),
              cancelText: t('common.cancel'),
              onOk: () => logout(),
            });
        },
      }}
    >
      <Button type="text" className="header-btn user-btn" data-testid="user-menu">
        <Flex align="center" gap={8}>
          <Avatar size={28} style={{ background: '#1f5fbf', flex: 'none' }} data-user-text>
            {me.name.slice(0, 1)}
          </Avatar>
          <Flex vertical align="flex-start" style={{ lineHeight: 1.2, minWidth: 0 }}>
            <Typography.Text strong ellipsis style={{ maxWidth: 120 }}>
              {me.name}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
              {roleLabel(me.role, lang)}
            </Typography.Text>
          </Flex>
        </Flex>
      </Button>
    </Dropdown>
  );
}
