import { useEffect, useRef, useState } from 'react';
import { Button, Flex, Typography } from 'antd';
import { ClearOutlined } from '@ant-design/icons';

/** The pad's drawing size in CSS pixels; the bitmap is twice as dense so the stroke stays sharp. */
const WIDTH = 440;
const HEIGHT = 160;

/**
 * A drawn signature (the borrower's acceptance at check-out): a plain canvas taking mouse, pen and touch through
 * pointer events, no library. `onChange` gets the drawing as a PNG blob after each stroke (null when cleared or
 * not drawn yet); the caller uploads it when the form is sent. Labels come from the caller (feature messages).
 */
export function SignaturePad({
  onChange,
  clearLabel,
  hint,
  testId,
}: {
  onChange: (png: Blob | null) => void;
  clearLabel: string;
  hint: string;
  testId?: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);
  const last = useRef<{ x: number; y: number } | null>(null);
  const [empty, setEmpty] = useState(true);

  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    ctx.scale(2, 2);
    ctx.lineWidth = 2.4;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.strokeStyle = '#111';
  }, []);

  const at = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return { x: ((e.clientX - r.left) * WIDTH) / r.width, y: ((e.clientY - r.top) * HEIGHT) / r.height };
  };
  const down = (e: React.PointerEvent<HTMLCanvasElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    drawing.current = true;
    last.current = at(e);
  };
  const move = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (!drawing.current || !last.current) return;
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    const p = at(e);
    ctx.beginPath();
    ctx.moveTo(last.current.x, last.current.y);
    ctx.lineTo(p.x, p.y);
    ctx.stroke();
    last.current = p;
    if (empty) setEmpty(false);
  };
  const up = () => {
    if (!drawing.current) return;
    drawing.current = false;
    last.current = null;
    if (!empty) canvas.current?.toBlob((b) => onChange(b), 'image/png');
  };
  const clear = () => {
    const c = canvas.current;
    c?.getContext('2d')?.clearRect(0, 0, WIDTH, HEIGHT);
    setEmpty(true);
    onChange(null);
  };

  return (
    <Flex vertical gap={6} data-testid={testId} data-empty={empty ? 'true' : 'false'}>
      <canvas
        ref={canvas}
        width={WIDTH * 2}
        height={HEIGHT * 2}
        style={{
          width: '100%',
          maxWidth: WIDTH,
          aspectRatio: `${WIDTH} / ${HEIGHT}`,
          border: '1px dashed #bfbfbf',
          borderRadius: 6,
          background: '#fafafa',
          touchAction: 'none',
          cursor: 'crosshair',
        }}
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
        onPointerLeave={up}
      />
      <Flex justify="space-between" align="center" style={{ maxWidth: WIDTH }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {hint}
        </Typography.Text>
        <Button size="small" icon={<ClearOutlined />} onClick={clear} disabled={empty}>
          {clearLabel}
        </Button>
      </Flex>
    </Flex>
  );
}
