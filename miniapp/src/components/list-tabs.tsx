import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';

/**
 * A list page's sticky head: its status tabs, then the page's own filters (`children`). The classes are the page's
 * block (`<block>__bar`, `__tabs`, `__tab`, `__tab--on` for the chosen one, styled by the `list-page-bar` mixin of
 * styles/_list-page.scss); each tab carries `data-tab`.
 */
export function ListTabs<K extends string>({
  block,
  tabs,
  value,
  onChange,
  children,
}: {
  block: string;
  tabs: ReadonlyArray<{ key: K; label: string }>;
  value: K | undefined;
  onChange: (key: K) => void;
  children?: ReactNode;
}) {
  return (
    <View className={`${block}__bar`}>
      <View className={`${block}__tabs`}>
        {tabs.map((t) => (
          <Text
            key={t.key}
            className={`${block}__tab ${t.key === value ? `${block}__tab--on` : ''}`}
            data-tab={t.key}
            onClick={() => onChange(t.key)}
          >
            {t.label}
          </Text>
        ))}
      </View>
      {children}
    </View>
  );
}
