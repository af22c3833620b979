import './pages.css';
import type { ReactNode } from 'react';

export function PageHeader({ title, subtitle, children }: { title: ReactNode; subtitle?: ReactNode; children?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        <h1>{title}</h1>
        {subtitle === undefined ? null : <p className="muted">{subtitle}</p>}
      </div>
      {children === undefined ? null : <div className="page-header__tools">{children}</div>}
    </header>
  );
}
