import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { ROLE_LABELS, can } from '@yuanan/contracts';
import { Loading, Screen } from '../../components/screen';
import { useSignedInMe } from '../../services/use-session';
import { INCIDENT_PAGES, LAW_PAGES } from '../../services/workbench-links';
import './index.scss';

/**
 * Console roles (园区管理员, 市应急局, the platform) work in the admin console; here they keep their profile, and the zone's
 * own people have 一键求救 (an emergency is raised from wherever one is) and everyone 法规查询 (laws read on the phone).
 */
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
      {can(me.role, 'incidents.sos') ? (
        <View
          className="console__sos"
          data-testid="console-sos"
          onClick={() => void Taro.navigateTo({ url: INCIDENT_PAGES.sos })}
        >
          <View className="console__sos-mark">救</View>
          <View className="console__sos-text">
            一键求救
            <View className="console__sos-desc">现场发生险情时，向园区值班台求救并报告位置</View>
          </View>
        </View>
      ) : null}
      {can(me.role, 'laws.view') ? (
        <View
          className="console__sos console__laws"
          data-testid="console-laws"
          onClick={() => void Taro.navigateTo({ url: LAW_PAGES.search })}
        >
          <View className="console__sos-mark console__laws-mark">法</View>
          <View className="console__sos-text console__laws-text">
            法规查询
            <View className="console__sos-desc">安全生产法律法规、标准和园区制度的条文检索与阅读</View>
          </View>
        </View>
      ) : null}
    </Screen>
  );
}
