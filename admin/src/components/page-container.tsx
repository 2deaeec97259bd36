import type { ReactNode } from 'react';
import { Flex, Typography } from 'antd';

/** The head of a page: title, a line of explanation, and the page's main actions on the right. */
export function PageContainer({
  title,
  description,
  extra,
  children,
}: {
  title: ReactNode;
  description?: ReactNode;
  extra?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="page">
      <Flex justify="space-between" align="flex-start" gap={16} className="page-head" wrap>
        <div style={{ minWidth: 0, flex: 1 }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {title}
          </Typography.Title>
          {description && (
            <Typography.Paragraph type="secondary" style={{ margin: '6px 0 0', maxWidth: 880 }}>
              {description}
            </Typography.Paragraph>
          )}
        </div>
        {extra && <Flex gap={8}>{extra}</Flex>}
      </Flex>
      <Flex vertical gap={16}>
        {children}
      </Flex>
    </div>
  );
}
