import { MessagesScreen } from '../../../components/messages-screen';

export default function GridMessages() {
  return <MessagesScreen emptyDesc="巡查任务、隐患到期和升级提醒会出现在这里" />;
}
