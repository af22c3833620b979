import { memo, useMemo, useState } from 'react';
import { formatCost, formatMillis } from '../../../components/format';
import type { Observation } from '../../../components/publicApi';
import { buildObservationTree, flattenTree } from '../lib/observationTree';
import { timelineBar, timelineSpan, timelineTicks } from '../lib/timeline';

/** Rows drawn at first; a trace with thousands of observations grows on request instead of freezing. */
const ROW_CHUNK = 400;

/**
 * The observation tree and its timeline side by side: each row is a tree node (indented by depth,
 * collapsible) and its bar on a shared time axis, labelled with the duration.
 */
export const Waterfall = memo(function Waterfall({
  observations,
  selectedId,
  onSelect,
}: {
  observations: readonly Observation[];
  selectedId: string | null;
  onSelect: (id: string | null) => void;
}) {
  const tree = useMemo(() => buildObservationTree(observations), [observations]);
  const span = useMemo(() => timelineSpan(observations), [observations]);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [limit, setLimit] = useState(ROW_CHUNK);
  const rows = useMemo(() => flattenTree(tree, collapsed), [tree, collapsed]);
  const total = span.endMs - span.startMs;
  const ticks = timelineTicks(total);

  const toggle = (id: string) => {
    const next = new Set(collapsed);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setCollapsed(next);
  };

  if (observations.length === 0) {
    return <p className="muted">This trace has no observations (spans, generations or events) yet.</p>;
  }
  return (
    <div className="waterfall" role="tree" aria-label="Observations">
      <div className="waterfall__axis" aria-hidden="true">
        <span />
        <div className="waterfall__ticks">
          {ticks.map((t) => (
            <span key={t} style={{ left: `${total <= 0 ? 0 : (t / total) * 100}%` }}>
              {formatMillis(t)}
            </span>
          ))}
        </div>
      </div>
      {rows.slice(0, limit).map(({ node, depth }) => {
        const o = node.observation;
        const bar = timelineBar(o, span.originMs, total);
        const hasChildren = node.children.length > 0;
        return (
          <div
            key={o.id}
            role="treeitem"
            aria-level={depth + 1}
            aria-selected={o.id === selectedId}
            aria-expanded={hasChildren ? !collapsed.has(o.id) : undefined}
            className={`waterfall__row${o.id === selectedId ? ' selected' : ''}`}
            data-testid="observation-node"
            data-observation-id={o.id}
            onClick={() => onSelect(o.id)}
          >
            <div className="waterfall__label" style={{ paddingLeft: `${depth * 14 + 4}px` }}>
              {hasChildren ? (
                <button
                  type="button"
                  className="twisty"
                  aria-label={collapsed.has(o.id) ? 'Expand' : 'Collapse'}
                  onClick={(e) => {
                    e.stopPropagation();
                    toggle(o.id);
                  }}
                >
                  {collapsed.has(o.id) ? '▸' : '▾'}
                </button>
              ) : (
                <span className="twisty" />
              )}
              <span className={`type-badge type-badge--${o.type.toLowerCase()}`}>{o.type === 'GENERATION' ? 'GEN' : o.type.slice(0, 5)}</span>
              <span className="waterfall__name" title={o.name ?? o.id}>
                {o.name ?? o.id}
              </span>
              {o.level === 'ERROR' || o.level === 'WARNING' ? <span className={`level level--${o.level.toLowerCase()}`}>{o.level}</span> : null}
              {node.detached ? <span className="muted" title="Its parent observation is not in this trace"> ⚠</span> : null}
            </div>
            <div className="waterfall__track">
              <div
                className={`timeline-bar timeline-bar--${o.type.toLowerCase()}${o.level === 'ERROR' ? ' timeline-bar--error' : ''}`}
                data-testid="timeline-bar"
                style={{ left: `${bar.leftPercent}%`, width: `${bar.widthPercent}%` }}
              />
              <span
                className="waterfall__duration"
                // Past 70% of the track the label sits inside the bar's end, so it never leaves the track.
                style={bar.leftPercent + bar.widthPercent > 70 ? { right: `${Math.max(0, 100 - bar.leftPercent - bar.widthPercent)}%`, marginRight: '0.2rem' } : { left: `${bar.leftPercent + bar.widthPercent}%`, marginLeft: '0.35rem' }}
              >
                {bar.durationMs === null ? (o.type === 'EVENT' ? 'event' : 'not ended') : formatMillis(bar.durationMs)}
                {o.calculatedTotalCost ? ` · ${formatCost(o.calculatedTotalCost)}` : ''}
              </span>
            </div>
          </div>
        );
      })}
      {rows.length > limit ? (
        <button type="button" className="show-all" onClick={() => setLimit(limit + ROW_CHUNK * 4)}>
          Show {Math.min(rows.length - limit, ROW_CHUNK * 4)} more of {rows.length} observations
        </button>
      ) : null}
    </div>
  );
});
