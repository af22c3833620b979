import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { describeHealth } from '../lib/healthView';
import { HealthPanel } from './HealthPanel';

// Server-side rendering gives the exact markup without a DOM library; the click path is one prop.
const render = (view: ReturnType<typeof describeHealth>) => renderToStaticMarkup(<HealthPanel view={view} onRecheck={() => {}} />);

describe('HealthPanel', () => {
  it('shows a healthy server, its version and when it was checked', () => {
    const checkedAt = new Date('2025-01-02T03:04:05Z');
    const html = render(
      describeHealth({ phase: 'checked', result: { kind: 'ok', value: { status: 'OK', version: '0.1.0' } }, checkedAt }),
    );

    expect(html).toContain('class="health health--ok"');
    expect(html).toContain('>Healthy<');
    expect(html).toContain('>Server is up</h2>');
    expect(html).toContain('<dd>0.1.0</dd>');
    expect(html).toContain('dateTime="2025-01-02T03:04:05.000Z"');
    expect(html).not.toContain('disabled');
  });

  it('tells a person the server is unreachable and keeps Check again available', () => {
    const html = render(
      describeHealth({
        phase: 'checked',
        result: { kind: 'unreachable', reason: 'Failed to fetch' },
        checkedAt: new Date(0),
      }),
    );

    expect(html).toContain('class="health health--down"');
    expect(html).toContain('>Unreachable<');
    expect(html).toContain('>Cannot reach the server</h2>');
    expect(html).toContain('Check that the Glasshouse server is running');
    expect(html).toContain('<dd>unknown</dd>');
    expect(html).toMatch(/<button type="button" class="health__recheck">Check again<\/button>/);
  });

  it('marks the panel busy and disables Check again while checking', () => {
    const html = render(describeHealth({ phase: 'checking' }));

    expect(html).toContain('aria-busy="true"');
    expect(html).toContain('<dd>not yet</dd>');
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*>Check again<\/button>/);
  });
});
