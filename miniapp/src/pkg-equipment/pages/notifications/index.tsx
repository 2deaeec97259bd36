import { MessagesScreen } from '../../../components/messages-screen';

export default function EquipmentMessages() {
  return <MessagesScreen emptyDesc="借用申请、逾期未还和保养提醒会出现在这里" />;
}
