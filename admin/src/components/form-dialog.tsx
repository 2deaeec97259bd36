import type { ReactNode } from 'react';
import { App, Form, Modal, type FormInstance } from 'antd';
import { applyFormErrors, errorText } from '../api/errors.ts';
import { validated } from './validated.ts';

/**
 * A dialog around one vertical form (the record pages' small action dialogs: close, cancel, comment, report…).
 * OK checks the fields (`validated`: refused fields stay marked, nothing is sent), then calls `submit` with the
 * values; the dialog closes (`onClose`) when `submit` resolves true — false keeps it open (the caller has shown why).
 * If `submit` throws (the api refused), the refusal's field errors are marked at their fields and anything else is
 * shown as a message; the dialog stays open with what was typed.
 * `before` is drawn above the form (a hint); `okTestId` names the OK button for tests; `danger` paints it red.
 */
export function FormDialog<V>({
  form,
  title,
  okText,
  cancelText,
  pending,
  okTestId,
  danger,
  width,
  initialValues,
  before,
  submit,
  onClose,
  children,
}: {
  form: FormInstance<V>;
  title: ReactNode;
  okText: string;
  cancelText: string;
  pending: boolean;
  okTestId: string;
  danger?: boolean;
  width?: number;
  initialValues?: Partial<V>;
  before?: ReactNode;
  submit: (values: V) => Promise<boolean>;
  onClose: () => void;
  children: ReactNode;
}) {
  const { message } = App.useApp();
  const ok = async () => {
    const v = await validated(form);
    if (!v) return;
    try {
      if (await submit(v)) onClose();
    } catch (e) {
      if (!applyFormErrors(form, e)) message.error(errorText(e));
    }
  };
  return (
    <Modal
      open
      title={title}
      okText={okText}
      cancelText={cancelText}
      onOk={() => void ok()}
      onCancel={onClose}
      confirmLoading={pending}
      okButtonProps={danger ? { danger: true, 'data-testid': okTestId } : { 'data-testid': okTestId }}
      width={width}
    >
      {before}
      <Form form={form} layout="vertical" initialValues={initialValues}>
        {children}
      </Form>
    </Modal>
  );
}
