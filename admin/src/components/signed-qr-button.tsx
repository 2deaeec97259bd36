import { useState, type ReactNode } from 'react';
import { Alert, Button, Flex, Modal, Skeleton, Typography } from 'antd';
import { PrinterOutlined, QrcodeOutlined } from '@ant-design/icons';
import type { UseQueryResult } from '@tanstack/react-query';
import { errorText } from '../api/errors.ts';

const svgSrc = (svg: string) => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;

export interface SignedQrButtonProps {
  /** The server-drawn SVG of a signed code, fetched only while the dialog is open (`open` says so). */
  useQr: (open: boolean) => UseQueryResult<{ svg: string }>;
  /** The button's and the image's words, e.g. 大门二维码 / 值班室二维码. */
  label: string;
  /** The dialog's and the printed page's title. */
  title: string;
  /** What the printed sheet is for, under the code. */
  hint: string;
  /** The big heading of the printed sheet (the enterprise's or team's name), and an optional line under it. */
  heading: string;
  subheading?: string;
  printLabel: ReactNode;
  /** data-testid prefix: `<prefix>`, `<prefix>-print`, `<prefix>-image`. */
  testId: string;
  size?: 'small' | 'middle';
}

/**
 * A signed QR code to post on a wall (an enterprise's gate, a duty room): shown in a dialog and printed on its own
 * page with a heading. The SVG comes from the server and is shown as an image, never as markup.
 */
export function SignedQrButton(p: SignedQrButtonProps) {
  const [open, setOpen] = useState(false);
  const qr = p.useQr(open);

  const print = () => {
    if (!qr.data) return;
    const w = window.open('', '_blank', 'width=720,height=900');
    if (!w) return;
    const doc = w.document;
    doc.title = p.title;
    const style = doc.createElement('style');
    style.textContent =
      'body{font-family:sans-serif;text-align:center;padding:48px}h1{font-size:28px;margin:0 0 8px}h2{font-size:20px;font-weight:400;margin:0 0 24px}img{width:420px;height:420px}p{color:#555;font-size:14px}';
    doc.head.appendChild(style);
    const h = doc.createElement('h1');
    h.textContent = p.heading;
    const parts: HTMLElement[] = [h];
    if (p.subheading) {
      const h2 = doc.createElement('h2');
      h2.textContent = p.subheading;
      parts.push(h2);
    }
    const img = doc.createElement('img');
    img.src = svgSrc(qr.data.svg);
    const hint = doc.createElement('p');
    hint.textContent = p.hint;
    doc.body.append(...parts, img, hint);
    img.onload = () => {
      w.focus();
      w.print();
    };
  };

  return (
    <>
      <Button
        size={p.size}
        type={p.size === 'small' ? 'link' : 'default'}
        icon={<QrcodeOutlined />}
        onClick={() => setOpen(true)}
        data-testid={p.testId}
      >
        {p.label}
      </Button>
      <Modal
        open={open}
        title={p.title}
        onCancel={() => setOpen(false)}
        footer={
          <Button type="primary" icon={<PrinterOutlined />} disabled={!qr.data} onClick={print} data-testid={`${p.testId}-print`}>
            {p.printLabel}
          </Button>
        }
        width={440}
      >
        {qr.isError ? (
          <Alert type="error" showIcon title={errorText(qr.error)} />
        ) : !qr.data ? (
          <Skeleton.Image active style={{ width: 280, height: 280 }} />
        ) : (
          <Flex vertical align="center" gap={12}>
            <img src={svgSrc(qr.data.svg)} width={280} height={280} alt={p.label} data-testid={`${p.testId}-image`} />
            <Typography.Text type="secondary" style={{ textAlign: 'center' }}>
              {p.hint}
            </Typography.Text>
          </Flex>
        )}
      </Modal>
    </>
  );
}
