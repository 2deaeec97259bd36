import Taro from '@tarojs/taro';
import { createElement, useEffect, useRef, useState } from 'react';
import { Canvas, Text, View } from '@tarojs/components';
import './signature-pad.scss';

type Ctx = CanvasRenderingContext2D;
interface CanvasNode {
  width: number;
  height: number;
  getContext(type: '2d'): Ctx;
  toDataURL?(type?: string): string;
}

let seq = 0;

/**
 * 现场负责人签字: a drawn signature on a 2d canvas (WeChat's canvas node; in H5 the <canvas> itself, drawn with
 * pointer events so a finger, a pen and a mouse all work). 确认签名 exports it as a PNG on a white background:
 * a temp file in WeChat, a data: URL in H5 — either is kept on the phone and uploaded like a photo.
 */
export function SignaturePad({ onSigned, onCancel }: { onSigned: (tempPath: string) => void; onCancel: () => void }) {
  const [id] = useState(() => `sig-pad-${++seq}`);
  const node = useRef<CanvasNode | null>(null);
  const ctx = useRef<Ctx | null>(null);
  const drawing = useRef(false);
  const last = useRef<{ x: number; y: number } | null>(null);
  const [strokes, setStrokes] = useState(0);
  const [busy, setBusy] = useState(false);

  const clear = () => {
    const c = ctx.current;
    const n = node.current;
    if (!c || !n) return;
    c.save();
    c.setTransform(1, 0, 0, 1, 0, 0);
    c.fillStyle = '#ffffff';
    c.fillRect(0, 0, n.width, n.height);
    c.restore();
    setStrokes(0);
  };

  const start = (x: number, y: number) => {
    drawing.current = true;
    last.current = { x, y };
    const c = ctx.current;
    if (c) {
      c.beginPath();
      c.arc(x, y, 1.4, 0, Math.PI * 2);
      c.fillStyle = '#111111';
      c.fill();
    }
  };
  const move = (x: number, y: number) => {
    const c = ctx.current;
    if (!drawing.current || !c || !last.current) return;
    c.beginPath();
    c.moveTo(last.current.x, last.current.y);
    c.lineTo(x, y);
    c.stroke();
    last.current = { x, y };
  };
  const end = () => {
    if (drawing.current) setStrokes((n) => n + 1);
    drawing.current = false;
    last.current = null;
  };

  /** Sizes the canvas for the screen's pixel ratio and sets the pen. */
  const setup = (n: CanvasNode, w: number, h: number) => {
    const dpr = Taro.getSystemInfoSync().pixelRatio || 1;
    n.width = Math.round(w * dpr);
    n.height = Math.round(h * dpr);
    const c = n.getContext('2d');
    c.scale(dpr, dpr);
    c.lineWidth = 3;
    c.lineCap = 'round';
    c.lineJoin = 'round';
    c.strokeStyle = '#111111';
    node.current = n;
    ctx.current = c;
    clear();
  };

  // H5: a plain <canvas> of our own (Taro's H5 canvas resets its size, and so the drawing, when it re-renders),
  // drawn with pointer events: a finger, a pen and a mouse all work.
  const h5Canvas = useRef<HTMLCanvasElement | null>(null);
  useEffect(() => {
    if (process.env.TARO_ENV !== 'h5') return;
    const el = h5Canvas.current;
    if (!el) return;
    const b = el.getBoundingClientRect();
    setup(el as unknown as CanvasNode, b.width || 300, b.height || 150);
    const pos = (e: PointerEvent) => {
      const r = el.getBoundingClientRect();
      return { x: e.clientX - r.left, y: e.clientY - r.top };
    };
    const down = (e: PointerEvent) => {
      e.preventDefault();
      el.setPointerCapture?.(e.pointerId);
      const p = pos(e);
      start(p.x, p.y);
    };
    const mv = (e: PointerEvent) => {
      const p = pos(e);
      move(p.x, p.y);
    };
    const up = () => end();
    el.addEventListener('pointerdown', down);
    el.addEventListener('pointermove', mv);
    el.addEventListener('pointerup', up);
    el.addEventListener('pointercancel', up);
    return () => {
      el.removeEventListener('pointerdown', down);
      el.removeEventListener('pointermove', mv);
      el.removeEventListener('pointerup', up);
      el.removeEventListener('pointercancel', up);
    };
  }, []);

  // WeChat: the 2d canvas node from a selector query once the page has laid it out.
  useEffect(() => {
    if (process.env.TARO_ENV === 'h5') return;
    const timer = setTimeout(() => {
      Taro.createSelectorQuery()
        .select(`#${id}`)
        .fields({ node: true, size: true })
        .exec((res: Array<{ node?: CanvasNode; width?: number; height?: number } | null>) => {
          const r = res[0];
          if (r?.node) setup(r.node, r.width ?? 300, r.height ?? 150);
        });
    }, 50);
    return () => clearTimeout(timer);
  }, [id]);

  const confirmSign = async () => {
    const n = node.current;
    if (!n || busy) return;
    if (strokes === 0) {
      void Taro.showToast({ title: '请先签名', icon: 'none' });
      return;
    }
    setBusy(true);
    try {
      if (process.env.TARO_ENV === 'h5') {
        onSigned((n as unknown as HTMLCanvasElement).toDataURL('image/png'));
      } else {
        const r = await Taro.canvasToTempFilePath({ canvas: n as never, fileType: 'png' } as never);
        onSigned(r.tempFilePath);
      }
    } catch (e) {
      void Taro.showToast({ title: `签名保存失败：${(e as { errMsg?: string })?.errMsg ?? String(e)}`, icon: 'none' });
    } finally {
      setBusy(false);
    }
  };

  type TouchPoint = { x?: number; y?: number };
  const point = (e: { touches?: TouchPoint[] }): { x: number; y: number } | null => {
    const t = e.touches?.[0];
    return t && typeof t.x === 'number' && typeof t.y === 'number' ? { x: t.x, y: t.y } : null;
  };
  const weapp = process.env.TARO_ENV !== 'h5';

  return (
    <View className="sig-pad" data-testid="signature-pad">
      <View className="sig-pad__hint">请现场负责人在框内手写签名</View>
      {weapp ? (
        <Canvas
          id={id}
          canvasId={id}
          type="2d"
          className="sig-pad__canvas"
          disableScroll
          onTouchStart={(e) => {
            const p = point(e as unknown as { touches?: TouchPoint[] });
            if (p) start(p.x, p.y);
          }}
          onTouchMove={(e) => {
            const p = point(e as unknown as { touches?: TouchPoint[] });
            if (p) move(p.x, p.y);
          }}
          onTouchEnd={end}
          onTouchCancel={end}
        />
      ) : (
        createElement('canvas', { ref: h5Canvas, className: 'sig-pad__canvas', style: { touchAction: 'none' } })
      )}
      <View className="sig-pad__actions">
        <Text className="sig-pad__btn" onClick={onCancel}>
          取消
        </Text>
        <Text className="sig-pad__btn" onClick={clear}>
          清除重写
        </Text>
        <Text
          className={`sig-pad__btn sig-pad__btn--primary ${busy ? 'sig-pad__btn--busy' : ''}`}
          onClick={() => void confirmSign()}
        >
          确认签名
        </Text>
      </View>
    </View>
  );
}
