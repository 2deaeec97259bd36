import Taro, { useLoad, useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import { Failed, Loading, Screen } from '../../components/screen';
import { client } from '../../services/api';
import { useDraft } from '../../services/draft';
import { confirm, errorMessage, toast } from '../../services/feedback';
import { useObservable } from '../../services/observable';
import { PAGES } from '../../services/routes';
import { isSignedIn, setZone, signOut, zoneState, type Zone } from '../../services/session';
import { parseZoneCode } from '../../services/zone-code';
import './index.scss';

const IS_WEAPP = process.env.TARO_ENV === 'weapp';

/** Choose the zone (tenant): from the public list, by scanning the zone's QR code, or by typing its code. */
export default function ZonePage() {
  const current = useObservable(zoneState);
  const router = useRouter();
  const [zones, setZones] = useState<Zone[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [draft, setDraft] = useDraft('zone-code', { code: '' });
  const [codeError, setCodeError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = async (): Promise<Zone[] | null> => {
    setLoadError(null);
    try {
      const list = await client.tenant.publicZones();
      setZones(list);
      return list;
    } catch (e) {
      setLoadError(errorMessage(e));
      return null;
    }
  };

  const choose = async (zone: Zone) => {
    if (busy) return;
    if (current && current.code !== zone.code && isSignedIn()) {
      const ok = await confirm({
        title: '切换园区',
        content: `切换到「${zone.name}」将退出当前园区的账号，是否继续？`,
        confirmText: '切换',
      });
      if (!ok) return;
      setBusy(true);
      await signOut();
      setBusy(false);
    }
    setZone(zone);
    setDraft({ code: '' });
    void Taro.reLaunch({ url: PAGES.login });
  };

  /** A typed or scanned code: must be one of the zones the server lists. */
  const chooseCode = async (raw: string, list: Zone[] | null = zones) => {
    const code = parseZoneCode(raw);
    if (!code) {
      setCodeError('园区代码格式不正确：应为 2–32 位小写字母、数字或连字符，以字母开头');
      return;
    }
    setCodeError(null);
    const known = list ?? (await load());
    if (!known) {
      setCodeError('暂时无法查询园区列表，请检查网络后重试');
      return;
    }
    const zone = known.find((z) => z.code === code);
    if (!zone) {
      setCodeError(`未找到园区代码「${code}」，请核对后重试，或联系园区管理员`);
      return;
    }
    await choose(zone);
  };

  const scan = async () => {
    try {
      const r = await Taro.scanCode({ onlyFromCamera: false, scanType: ['qrCode'] });
      const text = r.path || r.result;
      if (!parseZoneCode(text)) {
        toast('这不是园区二维码，请扫描园区提供的二维码');
        return;
      }
      await chooseCode(text);
    } catch (e) {
      if (e && typeof e === 'object' && 'errMsg' in e && /cancel/.test(String(e.errMsg))) return;
      toast('扫码失败，请重试或输入园区代码');
    }
  };

  useLoad(() => {
    void (async () => {
      const list = await load();
      // Opened from a zone QR code (mini-program code with ?zone=, or a URL QR code: q=<encoded url>, scene=zone%3D…)
      const fromLink = router.params.zone ?? router.params.q ?? router.params.scene;
      if (fromLink && parseZoneCode(fromLink)) await chooseCode(fromLink, list);
    })();
  });

  return (
    <Screen>
      <View className="zone-page__intro">
        <View className="zone-page__title">请选择您所在的园区</View>
        <View className="zone-page__desc">园区管理员提供的二维码或园区代码可快速进入</View>
      </View>

      {IS_WEAPP ? (
        <View className="wx-btn-area zone-page__scan">
          <View className="wx-btn wx-btn--primary" onClick={() => void scan()}>
            扫描园区二维码
          </View>
        </View>
      ) : null}

      <View className="wx-section-title">输入园区代码</View>
      <View className="wx-cells">
        <View className="wx-cell">
          <View className="wx-cell__bd">
            <Input
              className="wx-input zone-page__code"
              placeholder="例如 siqi"
              value={draft.code}
              maxlength={32}
              confirmType="go"
              onInput={(e) => {
                setDraft({ code: e.detail.value.trim().toLowerCase() });
                setCodeError(null);
              }}
              onConfirm={() => void chooseCode(draft.code)}
            />
          </View>
          <View
            className={`wx-btn wx-btn--mini wx-btn--primary ${draft.code ? '' : 'wx-btn--disabled'}`}
            onClick={() => draft.code && void chooseCode(draft.code)}
          >
            进入
          </View>
        </View>
      </View>
      {codeError ? <View className="wx-error zone-page__error">{codeError}</View> : null}

      <View className="wx-section-title">园区列表</View>
      {zones === null && !loadError ? <Loading text="正在加载园区…" /> : null}
      {loadError ? <Failed message={`园区列表加载失败：${loadError}`} onRetry={() => void load()} /> : null}
      {zones && zones.length === 0 ? <View className="wx-tips">暂无可加入的园区</View> : null}
      {zones && zones.length > 0 ? (
        <View className="wx-cells">
          {zones.map((z) => (
            <View key={z.code} className="wx-cell wx-cell--link zone-item" data-zone={z.code} onClick={() => void choose(z)}>
              <View className="wx-cell__bd">
                <View className="zone-item__name">
                  {z.name}
                  {current?.code === z.code ? <Text className="zone-item__current">当前</Text> : null}
                </View>
                <View className="wx-cell__desc">{z.region}</View>
              </View>
            </View>
          ))}
        </View>
      ) : null}
      <View className="wx-footer">园安 · 园区安全与应急管理</View>
    </Screen>
  );
}
