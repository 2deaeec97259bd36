import { MessagesScreen } from '../../../components/messages-screen';

export default function InspectorMessages() {
  return <MessagesScreen emptyDesc="检查任务的派发和到期提醒会出现在这里" />;
}
