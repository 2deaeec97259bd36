import { useState } from 'react';
import { Alert, Button, Flex, Modal, Skeleton, Typography } from 'antd';
import { PrinterOutlined, QrcodeOutlined } from '@ant-design/icons';
import { errorText } from '../../api/errors.ts';
import { useDutyQr } from '../../api/duty-queries.ts';
import { useMessages } from '../../i18n/feature.ts';
import { dutyMessages } from './messages.ts';

const svgSrc = (svg: string) => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;

/**
 * 值班室二维码: the team's signed duty-room QR code (GET /duty/teams/:id/qr, drawn by the server), shown in a dialog
 * and printed on its own page with the team's name — members scan it to check in. The SVG is shown as an image.
 */
export function DutyQrButton({ team, size = 'middle' }: { team: { id: string; name: string }; size?: 'small' | 'middle' }) {
  const t = useMessages(dutyMessages);
  const [open, setOpen] = useState(false);
  const qr = useDutyQr(open ? team.id : undefined);

  const print = () => {
    if (!qr.data) return;
    const w = window.open('', '_blank', 'width=720,height=900');
    if (!w) return;
    const doc = w.document;
    doc.title = t('qrTitle', { name: team.name });
    const style = doc.createElement('style');
    style.textContent =
      'body{font-family:sans-serif;text-align:center;padding:48px}h1{font-size:28px;margin:0 0 8px}h2{font-size:20px;font-weight:400;margin:0 0 24px}img{width:420px;height:420px}p{color:#555;font-size:14px}';
    doc.head.appendChild(style);
    const h = doc.createElement('h1');
    h.textContent = team.name;
    const h2 = doc.createElement('h2');
    h2.textContent = t('qr');
    const img = doc.createElement('img');
    img.src = svgSrc(qr.data.svg);
    const p = doc.createElement('p');
    p.textContent = t('qrHint');
    doc.body.append(h, h2, img, p);
    img.onload = () => {
      w.focus();
      w.print();
    };
  };

  return (
    <>
      <Button
        size={size}
        type={size === 'small' ? 'link' : 'default'}
        icon={<QrcodeOutlined />}
        onClick={() => setOpen(true)}
        data-testid="duty-qr"
      >
        {t('qr')}
      </Button>
      <Modal
        open={open}
        title={t('qrTitle', { name: team.name })}
        onCancel={() => setOpen(false)}
        footer={
          <Button type="primary" icon={<PrinterOutlined />} disabled={!qr.data} onClick={print} data-testid="duty-qr-print">
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
            <img src={svgSrc(qr.data.svg)} width={280} height={280} alt={t('qr')} data-testid="duty-qr-image" />
            <Typography.Text type="secondary" style={{ textAlign: 'center' }}>
              {t('qrHint')}
            </Typography.Text>
          </Flex>
        )}
      </Modal>
    </>
  );
}
