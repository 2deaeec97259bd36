import Taro, { useLoad } from '@tarojs/taro';
import { useState } from 'react';
import { Input, View } from '@tarojs/components';
import { ApiError } from '@yuanan/sdk';
import { Screen } from '../../components/screen';
import { useDraft } from '../../services/draft';
import { errorKind, errorMessage, reportError } from '../../services/feedback';
import { bindState, bindWith, devIdentity, loginWith, type LoginMethod } from '../../services/login';
import { useObservable } from '../../services/observable';
import { PAGES } from '../../services/routes';
import { goHome, zoneState } from '../../services/session';
import './index.scss';

const CODE = /^[A-Z0-9]{8}$/;

function methodOf(): LoginMethod {
  const state = bindState();
  if (state) return state.method;
  return process.env.TARO_ENV === 'weapp' ? { kind: 'wechat' } : { kind: 'dev', code: devIdentity() };
}

/** Binds this WeChat to a zone account with an invitation code. The form is a draft: nothing typed is lost. */
export default function BindPage() {
  const zone = useObservable(zoneState);
  const [form, setForm, clearForm] = useDraft('bind', { invitationCode: '', name: '' });
  const [codeError, setCodeError] = useState<string | null>(null);
  const [nameError, setNameError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useLoad(() => {
    if (!zone) void Taro.reLaunch({ url: PAGES.zone });
  });

  const submit = async (): Promise<void> => {
    if (!zone || busy) return;
    const invitationCode = form.invitationCode.trim().toUpperCase();
    if (!CODE.test(invitationCode)) {
      setCodeError('邀请码为 8 位字母或数字，请核对后重新输入');
      return;
    }
    setCodeError(null);
    setNameError(null);
    setBusy(true);
    const method = methodOf();
    try {
      const me = await bindWith(zone.code, method, { invitationCode, name: form.name.trim() || undefined });
      clearForm();
      void Taro.showToast({ title: '绑定成功', icon: 'success' });
      goHome(me);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'invitation_invalid') {
        setCodeError('邀请码无效或已过期。请核对邀请码，或联系园区管理员重新发放。');
      } else if (e instanceof ApiError && e.code === 'validation_failed') {
        setCodeError(e.fieldErrors.invitationCode ?? null);
        setNameError(e.fieldErrors.name ?? null);
        if (!e.fieldErrors.invitationCode && !e.fieldErrors.name) setCodeError(e.message);
      } else if (e instanceof ApiError && e.code === 'duplicate') {
        // this WeChat was bound meanwhile: just sign in
        try {
          const r = await loginWith(zone.code, method);
          if (r.status === 'ok') {
            goHome(r.me);
            return;
          }
        } catch (again) {
          setCodeError(errorMessage(again));
        }
      } else if (e instanceof ApiError && (e.code === 'account_locked' || e.code === 'too_many_requests')) {
        setCodeError(`${e.message}（已输入的内容已保存）`);
      } else {
        const kind = errorKind(e);
        setCodeError(
          kind === 'network'
            ? '网络连接失败，邀请码和姓名已保存在本机，网络恢复后点“绑定并登录”即可。'
            : `绑定失败：${errorMessage(e)}`,
        );
        void reportError(e, { what: '绑定', retry: submit });
      }
    } finally {
      setBusy(false);
    }
  };

  if (!zone) return <Screen>{null}</Screen>;

  return (
    <Screen>
      <View className="bind__intro">
        <View className="bind__title">绑定园区账号</View>
        <View className="bind__desc">
          该微信尚未绑定「{zone.name}」的账号。请输入园区或企业管理员发给您的邀请码，绑定后即可使用。
        </View>
      </View>

      <View className="wx-cells">
        <View className="wx-cell">
          <View className="wx-cell__hd">邀请码</View>
          <View className="wx-cell__bd">
            <Input
              className="wx-input bind__code"
              placeholder="8 位字母或数字"
              value={form.invitationCode}
              maxlength={8}
              onInput={(e) => {
                setForm({ invitationCode: e.detail.value.replace(/[\s-]/g, '').toUpperCase() });
                setCodeError(null);
              }}
            />
          </View>
        </View>
        <View className="wx-cell">
          <View className="wx-cell__hd">姓名</View>
          <View className="wx-cell__bd">
            <Input
              className="wx-input bind__name"
              placeholder="选填，默认使用邀请中的姓名"
              value={form.name}
              maxlength={32}
              onInput={(e) => {
                setForm({ name: e.detail.value });
                setNameError(null);
              }}
            />
          </View>
        </View>
      </View>
      {codeError ? <View className="wx-error bind__error">{codeError}</View> : null}
      {nameError ? <View className="wx-error bind__error">{nameError}</View> : null}

      <View className="wx-btn-area">
        <View className={`wx-btn wx-btn--primary bind__submit ${busy ? 'wx-btn--disabled' : ''}`} onClick={() => void submit()}>
          {busy ? '正在绑定…' : '绑定并登录'}
        </View>
        <View className="wx-btn wx-btn--plain" onClick={() => void Taro.reLaunch({ url: PAGES.zone })}>
          不是这个园区？切换园区
        </View>
      </View>
      <View className="wx-tips">
        邀请码由园区管理员（网格员、检查员、救援队员等）或企业负责人（企业员工）在管理后台生成，有效期内只能使用一次。
      </View>
    </Screen>
  );
}
