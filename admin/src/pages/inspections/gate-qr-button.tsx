import { useState } from 'react';
import { Alert, Button, Flex, Modal, Skeleton, Typography } from 'antd';
import { PrinterOutlined, QrcodeOutlined } from '@ant-design/icons';
import { errorText } from '../../api/errors.ts';
import { useGateQr } from '../../api/inspection-queries.ts';
import { useMessages } from '../../i18n/feature.ts';
import { insMessages } from './messages.ts';

const svgSrc = (svg: string) => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;

/**
 * 大门二维码: the enterprise's signed gate QR code (GET /enterprises/:id/gate-qr, drawn by the server), shown in a
 * dialog and printed on its own page with the enterprise's name. The SVG is shown as an image (never as markup).
 */
export function GateQrButton({ enterprise }: { enterprise: { id: string; name: string } }) {
  const t = useMessages(insMessages);
  const [open, setOpen] = useState(false);
  const qr = useGateQr(open ? enterprise.id : undefined);

  const print = () => {
    if (!qr.data) return;
    const w = window.open('', '_blank', 'width=720,height=900');
    if (!w) return;
    const doc = w.document;
    doc.title = t('gateQrTitle', { name: enterprise.name });
    const style = doc.createElement('style');
    style.textContent =
      'body{font-family:sans-serif;text-align:center;padding:48px}h1{font-size:28px;margin:0 0 24px}img{width:420px;height:420px}p{color:#555;font-size:14px}';
    doc.head.appendChild(style);
    const h = doc.createElement('h1');
    h.textContent = enterprise.name;
    const img = doc.createElement('img');
    img.src = svgSrc(qr.data.svg);
    const p = doc.createElement('p');
    p.textContent = t('gateQrHint');
    doc.body.append(h, img, p);
    img.onload = () => {
      w.focus();
      w.print();
    };
  };

  return (
    <>
      <Button icon={<QrcodeOutlined />} onClick={() => setOpen(true)} data-testid="ent-gate-qr">
        {t('gateQr')}
      </Button>
      <Modal
        open={open}
        title={t('gateQrTitle', { name: enterprise.name })}
        onCancel={() => setOpen(false)}
        footer={
          <Button type="primary" icon={<PrinterOutlined />} disabled={!qr.data} onClick={print} data-testid="ent-gate-qr-print">
            {t('print')}
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
            <img src={svgSrc(qr.data.svg)} width={280} height={280} alt={t('gateQr')} data-testid="ent-gate-qr-image" />
            <Typography.Text type="secondary" style={{ textAlign: 'center' }}>
              {t('gateQrHint')}
            </Typography.Text>
          </Flex>
        )}
      </Modal>
    </>
  );
}
