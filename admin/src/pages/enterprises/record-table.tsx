import { useState, type ReactNode } from 'react';
import { App, Button, Card, Empty, Form, Modal, Popconfirm, Space, Table, type FormInstance } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import type { RecordKind } from '@yuanan/sdk';
import { useRecordMutations, useRecords } from '../../api/enterprise-queries.ts';
import { applyFormErrors, errorText } from '../../api/errors.ts';
import { QueryError } from '../../components/query-error.tsx';
import { useT } from '../../i18n/i18n.tsx';
import { useMessages } from '../../i18n/feature.ts';
import { entMessages } from './messages.ts';
import { validated } from '../../components/validated.ts';

/** A date string for a DatePicker, and back. */
export const toDay = (s: string | null | undefined): Dayjs | undefined => (s ? dayjs(s) : undefined);
export const fromDay = (d: Dayjs | null | undefined): string | null => (d ? d.format('YYYY-MM-DD') : null);
/** Empty text is "not given". */
export const orNull = (s: unknown): unknown => (typeof s === 'string' ? s.trim() || null : (s ?? null));

export interface RecordTableProps<T extends { id: string }> {
  enterpriseId: string;
  kind: RecordKind;
  title: ReactNode;
  addLabel?: string;
  columns: ColumnsType<T>;
  /** The fields of the add / edit dialog. */
  fields: (form: FormInstance, editing: T | null) => ReactNode;
  toForm?: (r: T) => Record<string, unknown>;
  toBody: (values: Record<string, unknown>) => unknown;
  initialValues?: Record<string, unknown>;
  canWrite: boolean;
  testId: string;
  above?: (rows: T[]) => ReactNode;
  modalWidth?: number;
  rowClassName?: (r: T) => string;
}

/**
 * One kind of an enterprise's records: a table with add / edit / delete. Server field errors land on the fields
 * and the typed values stay in the dialog.
 */
export function RecordTable<T extends { id: string }>(p: RecordTableProps<T>) {
  const t = useMessages(entMessages);
  const tc = useT();
  const { message } = App.useApp();
  const rows = useRecords<T>(p.enterpriseId, p.kind);
  const ops = useRecordMutations(p.enterpriseId, p.kind);
  const [form] = Form.useForm<Record<string, unknown>>();
  const [dialog, setDialog] = useState<{ editing: T | null } | null>(null);

  const open = (editing: T | null) => {
    setDialog({ editing });
    form.resetFields();
    form.setFieldsValue(
      editing ? (p.toForm ? p.toForm(editing) : (editing as unknown as Record<string, unknown>)) : (p.initialValues ?? {}),
    );
  };
  const save = async () => {
    const values = await validated(form);
    if (!values) return;
    const body = p.toBody(values);
    try {
      if (dialog?.editing) {
        await ops.replace.mutateAsync({ recordId: dialog.editing.id, body });
        message.success(t('updated'));
      } else {
        await ops.add.mutateAsync(body);
        message.success(t('added'));
      }
      setDialog(null);
    } catch (e) {
      applyFormErrors(form, e);
      message.error(errorText(e));
    }
  };
  const remove = async (r: T) => {
    try {
      await ops.remove.mutateAsync(r.id);
      message.success(t('removed'));
    } catch (e) {
      message.error(errorText(e));
    }
  };

  const data = rows.data ?? [];
  const columns: ColumnsType<T> = p.canWrite
    ? [
        ...p.columns,
        {
          title: tc('common.actions'),
          key: 'actions',
          width: 120,
          fixed: 'right',
          render: (_: unknown, r: T) => (
            <Space size={0}>
              <Button type="link" size="small" icon={<EditOutlined />} onClick={() => open(r)} aria-label={t('edit')}>
                {t('edit')}
              </Button>
              <Popconfirm title={t('removeConfirm')} okButtonProps={{ danger: true }} onConfirm={() => remove(r)}>
                <Button type="link" size="small" danger icon={<DeleteOutlined />} aria-label={t('remove')} />
              </Popconfirm>
            </Space>
          ),
        },
      ]
    : p.columns;

  return (
    <Card
      size="small"
      title={p.title}
      extra={
        p.canWrite && (
          <Button type="primary" size="small" icon={<PlusOutlined />} onClick={() => open(null)} data-testid={`${p.testId}-add`}>
            {p.addLabel ?? t('add')}
          </Button>
        )
      }
    >
      {p.above?.(data)}
      {rows.isError && !rows.data ? (
        <QueryError error={rows.error} onRetry={() => void rows.refetch()} />
      ) : (
        <Table<T>
          rowKey="id"
          size="small"
          loading={rows.isFetching}
          dataSource={data}
          columns={columns}
          pagination={data.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
          scroll={{ x: 'max-content' }}
          rowClassName={p.rowClassName}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('recordsEmpty')} /> }}
          data-testid={`${p.testId}-table`}
        />
      )}
      <Modal
        open={!!dialog}
        title={`${dialog?.editing ? t('edit') : (p.addLabel ?? t('add'))}`}
        onCancel={() => setDialog(null)}
        onOk={() => void save()}
        okText={tc('common.save')}
        confirmLoading={ops.add.isPending || ops.replace.isPending}
        width={p.modalWidth ?? 640}
        forceRender
        data-testid={`${p.testId}-dialog`}
      >
        <Form form={form} layout="vertical" scrollToFirstError>
          {dialog && p.fields(form, dialog.editing)}
        </Form>
      </Modal>
    </Card>
  );
}
