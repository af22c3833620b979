import { useHealth } from '../hooks/useHealth';
import { describeHealth } from '../lib/healthView';
import { HealthPanel } from './HealthPanel';

export function HealthStatus() {
  const { state, recheck } = useHealth();
  return <HealthPanel view={describeHealth(state)} onRecheck={recheck} />;
}
