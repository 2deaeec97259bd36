import { useEffect, useState } from 'react';
import { Select } from 'antd';
import { useEnterprises } from '../api/zone-queries.ts';
import { useT } from '../i18n/i18n.tsx';
import { usePunct } from '../i18n/punct.ts';

/** Chooses one of the zone's enterprises, searched on the server by name or credit code. */
export function EnterprisePicker({
  value,
  onChange,
  allowClear,
  placeholder,
  excludeId,
  current,
  style,
  testId = 'enterprise-picker',
}: {
  value?: string | null;
  onChange?: (id: string | null) => void;
  allowClear?: boolean;
  placeholder?: string;
  /** An enterprise that may not be chosen (itself, as its own landlord). */
  excludeId?: string;
  /** The name of the chosen enterprise when it is not among the first results. */
  current?: { id: string; name: string } | null;
  style?: React.CSSProperties;
  testId?: string;
}) {
  const t = useT();
  const pn = usePunct();
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), 300);
    return () => clearTimeout(timer);
  }, [typed]);
  const list = useEnterprises({ q: q || undefined, pageSize: 50, status: 'active' });
  const options = (list.data?.items ?? [])
    .filter((e) => e.id !== excludeId)
    .map((e) => ({ value: e.id, label: `${e.name}${pn.paren(e.creditCode)}` }));
  if (current && value === current.id && !options.some((o) => o.value === current.id))
    options.unshift({ value: current.id, label: current.name });
  return (
    <Select
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      allowClear={allowClear}
      showSearch={{ filterOption: false, onSearch: setTyped }}
      loading={list.isFetching}
      placeholder={placeholder ?? t('inv.enterprisePlaceholder')}
      notFoundContent={list.isFetching ? null : t('inv.enterpriseNone')}
      options={options}
      style={style}
      data-testid={testId}
    />
  );
}
