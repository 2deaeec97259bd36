import Taro from '@tarojs/taro';
import { useState } from 'react';
import { Input, View } from '@tarojs/components';
import { can } from '@yuanan/contracts';
import { ApiError } from '@yuanan/sdk';
import { Loading, Screen } from '../../../components/screen';
import { client } from '../../../services/api';
import { errorMessage, toast } from '../../../services/feedback';
import { EQUIPMENT_PAGES } from '../../../services/routes';
import { useSignedInMe } from '../../../services/use-session';
import './index.scss';

const IS_H5 = process.env.TARO_ENV === 'h5';

/**
 * 扫码: a unit's label QR (signed by the api) → the unit page. WeChat opens its scanner; a browser cannot, so the
 * code is typed or pasted. Another zone's or a tampered code is the api's 404, shown here.
 */
export default function ScanPage() {
  const me = useSignedInMe();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const open = async (raw: string) => {
    const c = raw.trim();
    if (!c) return toast('请输入或粘贴器材二维码内容');
    setBusy(true);
    setError(null);
    try {
      const unit = await client.equipment.units.byCode(c);
      void Taro.navigateTo({ url: `${EQUIPMENT_PAGES.unit}?id=${unit.id}` });
    } catch (e) {
      setError(
        e instanceof ApiError && e.status === 404 ? '未找到该器材：二维码无效，或不是本园区器材室的标签' : errorMessage(e),
      );
    } finally {
      setBusy(false);
    }
  };

  const scan = async () => {
    try {
      const r = await Taro.scanCode({ onlyFromCamera: false, scanType: ['qrCode'] });
      await open(r.result);
    } catch (e) {
      const msg = (e as { errMsg?: string })?.errMsg ?? '';
      if (!/cancel/i.test(msg)) toast(`扫码失败：${errorMessage(e)}`);
    }
  };

  if (!me) {
    return (
      <Screen>
        <Loading />
      </Screen>
    );
  }
  const keeper = can(me.role, 'equipment.lend');
  return (
    <Screen className="eq-scan">
      <View className="eq-scan__hero">
        <View className="eq-scan__icon" />
        <View className="eq-scan__title">扫描器材标签二维码</View>
        <View className="eq-scan__desc">
          {keeper ? '扫码后可出借给已批准的申请，或办理归还入库。' : '扫码查看器材的状态、规格和借用情况。'}
        </View>
      </View>
      {!IS_H5 ? (
        <View className="wx-btn-area">
          <View className={`wx-btn wx-btn--primary eq-scan__btn ${busy ? 'wx-btn--disabled' : ''}`} onClick={() => void scan()}>
            {busy ? '正在查询…' : '扫一扫'}
          </View>
        </View>
      ) : null}
      <View className="wx-section-title">{IS_H5 ? '输入二维码内容' : '或输入二维码内容'}</View>
      {IS_H5 ? <View className="wx-tips">浏览器中不能调用摄像头扫码：请输入或粘贴器材标签二维码的内容。</View> : null}
      <View className="wx-card eq-scan__manual">
        <Input
          className="wx-input eq-scan__input"
          value={code}
          placeholder="器材二维码内容"
          onInput={(e) => {
            setCode(e.detail.value);
            setError(null);
          }}
          onConfirm={() => void open(code)}
        />
        <View className={`wx-btn wx-btn--primary eq-scan__go ${busy ? 'wx-btn--disabled' : ''}`} onClick={() => void open(code)}>
          查询
        </View>
      </View>
      {error ? (
        <View className="wx-error eq-scan__error" data-testid="scan-error">
          {error}
        </View>
      ) : null}
    </Screen>
  );
}
