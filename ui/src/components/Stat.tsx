/** One headline number with its label (and an optional second line). */
export function Stat({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div className="stat">
      <dt>{label}</dt>
      <dd>{value}</dd>
      {hint === undefined ? null : <span className="muted">{hint}</span>}
    </div>
  );
}
