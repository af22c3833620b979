import { Logo } from '../components/Logo';
import { HealthStatus } from '../features/health/components/HealthStatus';

export function App() {
  return (
    <div className="app">
      <header className="app__header">
        <Logo />
        <span className="app__name">Glasshouse</span>
        <span className="app__tagline">LLM observability</span>
      </header>
      <main className="app__main">
        <h1 className="app__title">Server status</h1>
        <HealthStatus />
      </main>
    </div>
  );
}
