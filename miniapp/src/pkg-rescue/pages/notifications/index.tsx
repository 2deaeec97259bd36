import { MessagesScreen } from '../../../components/messages-screen';

export default function RescueMessages() {
  return <MessagesScreen emptyDesc="出警调度、值班提醒和园区通知会出现在这里" />;
}
