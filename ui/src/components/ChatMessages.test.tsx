import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { IOView, MESSAGE_CHUNK } from './ChatMessages';
import { PREVIEW_CHARS } from './JsonView';

const render = (value: unknown) => renderToStaticMarkup(<IOView label="Input" value={value} />);

describe('IOView', () => {
  it('renders a conversation as chat messages with their roles and tool calls', () => {
    const html = render([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Weather?' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_9', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }] },
      { role: 'tool', tool_call_id: 'call_9', content: 'sunny' },
    ]);
    expect(html.match(/data-testid="chat-message"/g)).toHaveLength(4);
    expect(html).toContain('data-role="system"');
    expect(html).toContain('data-role="tool"');
    expect(html).toContain('get_weather');
    // The arguments string is shown as the object it encodes.
    expect(html).toContain('&quot;city&quot;: &quot;Oslo&quot;');
    expect(html).toContain('data-testid="raw-json-toggle"');
  });

  it('shows a plain string as text and an object as JSON', () => {
    expect(render('hello there')).toContain('hello there');
    expect(render('hello there')).not.toContain('chat-message');
    expect(render({ answer: 42 })).toContain('&quot;answer&quot;: 42');
  });

  it('renders messages sent as JSON text (OpenTelemetry attributes) as chat, and truncated JSON as text', () => {
    const text = JSON.stringify([{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'hello' }]);
    expect(render(text).match(/data-testid="chat-message"/g)).toHaveLength(2);
    const truncated = `${text.slice(0, 30)}…[truncated by Glasshouse: 99 bytes]`;
    expect(render(truncated)).not.toContain('chat-message');
    expect(render(truncated)).toContain('truncated by Glasshouse');
  });

  it('says so when nothing was recorded', () => {
    expect(render(null)).toContain('No input recorded.');
  });

  it('renders a 1 MB string cut to a preview with a "show all" button', () => {
    const big = 'x'.repeat(1024 * 1024);
    const html = render(big);
    expect(html.length).toBeLessThan(PREVIEW_CHARS + 2_000);
    expect(html).toContain('show all (1.0 MB)');
  });

  it('renders a chat message with 1 MB of content, and a 1 MB JSON object, cut the same way', () => {
    const message = render([{ role: 'user', content: 'y'.repeat(1024 * 1024) }]);
    expect(message).toContain('data-role="user"');
    expect(message.length).toBeLessThan(PREVIEW_CHARS + 2_000);
    const object = render({ rows: Array.from({ length: 20_000 }, (_, i) => ({ i, text: 'abcdefghijklmnopqrstuvwxyz' })) });
    expect(object.length).toBeLessThan(PREVIEW_CHARS + 2_000);
    expect(object).toContain('show all (');
  });

  it('renders a very long conversation in chunks', () => {
    const html = render(Array.from({ length: 2_000 }, (_, i) => ({ role: i % 2 === 0 ? 'user' : 'assistant', content: `turn ${i}` })));
    expect(html.match(/data-testid="chat-message"/g)).toHaveLength(MESSAGE_CHUNK);
    expect(html).toContain('of 2000 messages');
  });
});
