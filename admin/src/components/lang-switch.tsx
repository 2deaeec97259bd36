import { Button, Dropdown } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useI18n, type Lang } from '../i18n/i18n.tsx';

/** zh-CN / English. */
export function LangSwitch({ className }: { className?: string }) {
  const { lang, setLang, t } = useI18n();
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        selectable: true,
        selectedKeys: [lang],
        items: [
          { key: 'zh-CN', label: t('lang.zh') },
          { key: 'en', label: t('lang.en') },
        ],
        onClick: ({ key }) => setLang(key as Lang),
      }}
    >
      <Button
        type="text"
        className={className ?? 'header-btn'}
        icon={<GlobalOutlined />}
        aria-label={t('lang.switch')}
        data-testid="lang-switch"
      >
        {lang === 'en' ? 'EN' : '中文'}
      </Button>
    </Dropdown>
  );
}
