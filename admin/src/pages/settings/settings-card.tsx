import type { ReactNode } from 'react';
import { App, Button, Card, Form, InputNumber, type FormInstance } from 'antd';
import type { TenantSettings } from '@yuanan/contracts';
import { applyFormErrors, errorText } from '../../api/errors.ts';
import type { FeatureT } from '../../i18n/feature.ts';
import type { settingsMessages } from './messages.ts';
import { useUpdateSettings } from './settings-queries.ts';

/** The settings page's translate function. */
export type SettingsT = FeatureT<keyof (typeof settingsMessages)['zh'] & string>;
type Patch = Partial<TenantSettings>;

/** A whole-number field with its range, checked in the form (the api checks the same range). */
export function Num({
  name,
  label,
  min,
  max,
  testId,
}: {
  name: string | (string | number)[];
  label: string;
  min: number;
  max: number;
  testId?: string;
}) {
  return (
    <Form.Item name={name} label={label} rules={[{ required: true, type: 'number', min, max }]}>
      <InputNumber min={min} max={max} precision={0} style={{ width: 120 }} data-testid={testId} />
    </Form.Item>
  );
}

/** A card with its own form and save button: `toPatch` turns the form's values into the settings change. */
export function SettingsCard<V extends object>({
  title,
  testId,
  canEdit,
  t,
  initial,
  toPatch,
  rename,
  children,
  extra,
}: {
  title: string;
  testId: string;
  canEdit: boolean;
  t: SettingsT;
  initial: V;
  toPatch: (v: V) => Patch;
  rename?: Record<string, string | (string | number)[]>;
  children: ReactNode;
  extra?: (form: FormInstance<V>) => ReactNode;
}) {
  const { message } = App.useApp();
  const save = useUpdateSettings();
  const [form] = Form.useForm<V>();
  return (
    <Card title={title} data-testid={testId}>
      <Form<V>
        form={form}
        layout="vertical"
        initialValues={initial}
        disabled={!canEdit}
        onFinish={async (v) => {
          try {
            await save.mutateAsync(toPatch(v));
            message.success(t('saved'));
          } catch (e) {
            applyFormErrors(form, e, rename);
            message.error(errorText(e));
          }
        }}
      >
        {children}
        {extra?.(form)}
        {canEdit && (
          <div>
            <Button type="primary" htmlType="submit" loading={save.isPending} data-testid={`${testId}-save`}>
              {t('save')}
            </Button>
          </div>
        )}
      </Form>
    </Card>
  );
}
