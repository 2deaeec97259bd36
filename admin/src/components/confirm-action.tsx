import type { ReactNode } from 'react';
import { App, Button, Popconfirm } from 'antd';
import { errorText } from '../api/errors.ts';

/**
 * A small link button (a table row's action) that asks first (Popconfirm), then runs `run`: on success it says
 * `doneText`, on failure the server's message (problem+json `detail`, via `errorText`). Labels are the caller's words
 * (zh or en). `danger` paints the button red (archive, remove).
 */
export function ConfirmAction({
  confirm,
  okText,
  cancelText,
  label,
  icon,
  danger,
  doneText,
  run,
}: {
  confirm: ReactNode;
  okText: string;
  cancelText: string;
  label: ReactNode;
  icon?: ReactNode;
  danger?: boolean;
  doneText: string;
  run: () => Promise<unknown>;
}) {
  const { message } = App.useApp();
  return (
    <Popconfirm
      title={confirm}
      okText={okText}
      cancelText={cancelText}
      onConfirm={async () => {
        try {
          await run();
          message.success(doneText);
        } catch (e) {
          message.error(errorText(e));
        }
      }}
    >
      <Button size="small" type="link" danger={danger} icon={icon}>
        {label}
      </Button>
    </Popconfirm>
  );
}
