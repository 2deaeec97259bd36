import { useEffect, useMemo, useState } from 'react';
import { Select } from 'antd';
import { ENTERPRISE_ROLES } from '@yuanan/contracts';
import { useEnterpriseNames, useEnterprises, useUsers } from '../../api/zone-queries.ts';
import { hasPermission } from '../../auth/access.ts';
import { useSession } from '../../auth/session.tsx';
import { useRoleLabel } from '../../components/role-label.ts';
import { usePunct } from '../../i18n/punct.ts';

/** Several of the zone's enterprises, searched on the server by name or credit code; chosen ones keep their names. */
export function EnterpriseMultiPicker({
  value,
  onChange,
  placeholder,
  testId,
}: {
  value?: string[];
  onChange?: (ids: string[]) => void;
  placeholder?: string;
  testId?: string;
}) {
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  const known = useEnterpriseNames(true);
  const [names, setNames] = useState(new Map<string, string>());
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), 300);
    return () => clearTimeout(timer);
  }, [typed]);
  const list = useEnterprises({ q: q || undefined, pageSize: 50, status: 'active' });
  const options = useMemo(() => {
    const found = (list.data?.items ?? []).map((e) => ({ value: e.id, label: e.name }));
    const ids = new Set(found.map((o) => o.value));
    const chosen = (value ?? [])
      .filter((id) => !ids.has(id))
      .map((id) => ({ value: id, label: names.get(id) ?? known.get(id) ?? id }));
    return [...chosen, ...found];
  }, [list.data, value, names, known]);
  return (
    <Select
      mode="multiple"
      value={value ?? []}
      onChange={(ids: string[], opts) => {
        const next = new Map(names);
        for (const o of [opts].flat()) if (o && 'value' in o && typeof o.label === 'string') next.set(String(o.value), o.label);
        setNames(next);
        onChange?.(ids);
      }}
      showSearch={{ filterOption: false, onSearch: setTyped }}
      loading={list.isFetching}
      placeholder={placeholder}
      options={options}
      maxTagCount="responsive"
      data-testid={testId}
    />
  );
}

/** The zone's console and field people (not enterprise accounts), for choosing who inspects. */
export function useStaffOptions(role?: string) {
  const { effective } = useSession();
  const roleName = useRoleLabel();
  const pn = usePunct();
  const users = useUsers({ pageSize: 200, status: 'active', ...(role ? { role } : {}) }, hasPermission(effective, 'users.read'));
  return useMemo(
    () =>
      (users.data?.items ?? [])
        .filter((u) => !(ENTERPRISE_ROLES as readonly string[]).includes(u.role))
        .map((u) => ({ value: u.id, label: `${u.name}${pn.paren(roleName(u.role))}` })),
    [users.data, roleName, pn],
  );
}
