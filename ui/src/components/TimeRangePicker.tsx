import { useState } from 'react';
import { PRESETS, type TimeRange } from './timeRange';

/** Preset buttons plus a custom from/to pair (local time in the inputs, ISO in the URL). */
export function TimeRangePicker({ value, onChange }: { value: TimeRange; onChange: (range: TimeRange) => void }) {
  const [custom, setCustom] = useState(value.kind === 'custom');
  const [from, setFrom] = useState(value.kind === 'custom' ? toLocalInput(value.from) : '');
  const [to, setTo] = useState(value.kind === 'custom' ? toLocalInput(value.to) : '');
  const apply = () => {
    if (from === '' || to === '') return;
    onChange({ kind: 'custom', from: new Date(from).toISOString(), to: new Date(to).toISOString() });
  };
  return (
    <div className="time-range" role="group" aria-label="Time range">
      {PRESETS.map((preset) => (
        <button
          key={preset.id}
          type="button"
          className={value.kind === 'preset' && value.preset === preset.id ? 'chip chip--on' : 'chip'}
          aria-pressed={value.kind === 'preset' && value.preset === preset.id}
          onClick={() => {
            setCustom(false);
            onChange({ kind: 'preset', preset: preset.id });
          }}
        >
          {preset.id}
        </button>
      ))}
      <button type="button" className={custom ? 'chip chip--on' : 'chip'} onClick={() => setCustom(!custom)}>
        Custom
      </button>
      {custom ? (
        <span className="time-range__custom">
          <input aria-label="From" type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
          <span>to</span>
          <input aria-label="To" type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
          <button type="button" className="button" onClick={apply} disabled={from === '' || to === '' || from >= to}>
            Apply
          </button>
        </span>
      ) : null}
    </div>
  );
}

function toLocalInput(iso: string): string {
  const date = new Date(iso);
  const offset = date.getTimezoneOffset() * 60_000;
  return new Date(date.getTime() - offset).toISOString().slice(0, 16);
}
