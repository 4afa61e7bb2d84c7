import { Content } from '../src/components/page';

export default function Overview() {
  return <Content name="overview" />;
}
