import { View } from '@tarojs/components';
import { ROLE_LABELS } from '@yuanan/contracts';
import { Loading, Screen } from '../../components/screen';
import { useSignedInMe } from '../../services/use-session';
import './index.scss';

/** Console roles (园区管理员, 市应急局, the platform) work in the admin console; here they keep their profile. */
export default function ConsolePage() {
  const me = useSignedInMe();
  if (!me) {
    return (
      <Screen>
        <Loading />
      </Screen>
    );
  }
  return (
    <Screen tab="home">
      <View className="console">
        <View className="console__title">
          {me.name}（{ROLE_LABELS[me.role].zh}）
        </View>
        <View className="console__text">
          您的工作在电脑端「园安管理后台」完成：园区配置、人员与邀请码、审批和统计报表。小程序中可查看个人信息。
        </View>
        <View className="console__zone">{me.tenant.name}</View>
      </View>
    </Screen>
  );
}
