import { LiveView } from '../src/live/live-view';

export default function LivePage() {
  return <LiveView />;
}
