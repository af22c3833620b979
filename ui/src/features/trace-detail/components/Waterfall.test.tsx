import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { obs } from '../lib/testObservations';
import { scoreRequest } from './AddScoreForm';
import { Waterfall } from './Waterfall';

describe('Waterfall', () => {
  it('renders one tree node and one timeline bar per observation, indented by depth, with durations', () => {
    const html = renderToStaticMarkup(
      <Waterfall
        observations={[obs('root', null, 0, 2), obs('llm', 'root', 0.5, 1.5, { type: 'GENERATION', level: 'ERROR' })]}
        selectedId="llm"
        onSelect={() => {}}
      />,
    );
    expect(html.match(/data-testid="observation-node"/g)).toHaveLength(2);
    expect(html.match(/data-testid="timeline-bar"/g)).toHaveLength(2);
    expect(html).toContain('data-observation-id="llm"');
    expect(html).toContain('aria-level="2"');
    expect(html).toContain('left:25%;width:50%');
    expect(html).toContain('1.00 s');
    expect(html).toContain('timeline-bar--error');
    expect(html).toMatch(/aria-selected="true"[^>]*data-observation-id="llm"/);
  });

  it('explains an empty trace in words', () => {
    expect(renderToStaticMarkup(<Waterfall observations={[]} selectedId={null} onSelect={() => {}} />)).toContain('has no observations');
  });
});

describe('scoreRequest', () => {
  it('sends numbers as NUMERIC and text as CATEGORICAL, targeting the trace or the observation', () => {
    expect(scoreRequest({ name: ' quality ', value: '0.75', comment: '' }, 't-1', null)).toEqual({ traceId: 't-1', name: 'quality', value: 0.75, dataType: 'NUMERIC' });
    expect(scoreRequest({ name: 'tone', value: 'friendly', comment: 'nice' }, 't-1', 'o-2')).toEqual({
      traceId: 't-1',
      observationId: 'o-2',
      name: 'tone',
      value: 'friendly',
      dataType: 'CATEGORICAL',
      comment: 'nice',
    });
  });
});
