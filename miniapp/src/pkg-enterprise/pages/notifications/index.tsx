import { MessagesScreen } from '../../../components/messages-screen';

export default function EnterpriseMessages() {
  return <MessagesScreen emptyDesc="隐患整改期限、证书到期和园区通知会出现在这里" />;
}
