import { describe, expect, it } from 'vitest';
import { parseChatMessages } from './chatMessages';

describe('parseChatMessages', () => {
  it('reads an OpenAI conversation with string content', () => {
    const messages = parseChatMessages([
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'Capital of France?' },
      { role: 'assistant', content: 'Paris.' },
    ]);
    expect(messages?.map((m) => [m.role, m.parts])).toEqual([
      ['system', [{ kind: 'text', text: 'You are terse.' }]],
      ['user', [{ kind: 'text', text: 'Capital of France?' }]],
      ['assistant', [{ kind: 'text', text: 'Paris.' }]],
    ]);
  });

  it('reads OpenAI content parts, tool calls and tool results', () => {
    const messages = parseChatMessages([
      { role: 'user', content: [{ type: 'text', text: 'What is in this image?' }, { type: 'image_url', image_url: { url: 'https://example.test/cat.png' } }] },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: '{"temp":3}' },
    ])!;
    expect(messages[0]!.parts).toEqual([
      { kind: 'text', text: 'What is in this image?' },
      { kind: 'image', url: 'https://example.test/cat.png' },
    ]);
    expect(messages[1]!.toolCalls).toEqual([{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Oslo"}' }]);
    expect(messages[2]).toMatchObject({ role: 'tool', toolCallId: 'call_1', parts: [{ kind: 'text', text: '{"temp":3}' }] });
  });

  it('reads an OpenAI answer with choices, and a legacy function_call', () => {
    const messages = parseChatMessages({ id: 'x', choices: [{ index: 0, message: { role: 'assistant', content: null, function_call: { name: 'lookup', arguments: '{}' } } }] })!;
    expect(messages).toHaveLength(1);
    expect(messages[0]!.toolCalls[0]).toEqual({ id: null, name: 'lookup', arguments: '{}' });
  });

  it('reads Anthropic input: system prompt, tool_use blocks and tool_result blocks as tool messages', () => {
    const messages = parseChatMessages({
      model: 'claude',
      system: 'Be helpful.',
      messages: [
        { role: 'user', content: 'Weather in Oslo?' },
        { role: 'assistant', content: [{ type: 'text', text: 'Checking.' }, { type: 'tool_use', id: 'toolu_1', name: 'weather', input: { city: 'Oslo' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'sunny' }] },
      ],
    })!;
    expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool']);
    expect(messages[2]!.toolCalls).toEqual([{ id: 'toolu_1', name: 'weather', arguments: { city: 'Oslo' } }]);
    expect(messages[3]).toMatchObject({ toolCallId: 'toolu_1', parts: [{ kind: 'text', text: 'sunny' }] });
  });

  it('reads OpenTelemetry GenAI semantic-convention messages with parts', () => {
    const messages = parseChatMessages([
      { role: 'user', parts: [{ type: 'text', content: 'Add 2 and 3' }] },
      { role: 'assistant', parts: [{ type: 'tool_call', id: 'c1', name: 'add', arguments: { a: 2, b: 3 } }], finish_reason: 'tool_call' },
      { role: 'tool', parts: [{ type: 'tool_call_response', id: 'c1', response: 5 }] },
    ])!;
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool']);
    expect(messages[0]!.parts).toEqual([{ kind: 'text', text: 'Add 2 and 3' }]);
    expect(messages[1]!.toolCalls).toEqual([{ id: 'c1', name: 'add', arguments: { a: 2, b: 3 } }]);
    expect(messages[2]).toMatchObject({ role: 'tool', toolCallId: 'c1', parts: [{ kind: 'json', value: 5 }] });
  });

  it('reads Gemini roles and parts, and LangChain message types', () => {
    const gemini = parseChatMessages([{ role: 'user', parts: [{ text: 'hi' }] }, { role: 'model', parts: [{ text: 'hello' }] }])!;
    expect(gemini.map((m) => [m.role, m.originalRole])).toEqual([
      ['user', null],
      ['assistant', 'model'],
    ]);
    const langchain = parseChatMessages([{ type: 'human', content: 'hi' }, { type: 'ai', content: 'yo' }])!;
    expect(langchain.map((m) => m.role)).toEqual(['user', 'assistant']);
  });

  it('answers null for values that are not conversations, so they are shown as JSON or text', () => {
    expect(parseChatMessages('plain text')).toBeNull();
    expect(parseChatMessages({ question: 'x' })).toBeNull();
    expect(parseChatMessages([])).toBeNull();
    expect(parseChatMessages([{ role: 'user', content: 'a' }, { foo: 1 }])).toBeNull();
    expect(parseChatMessages([{ role: 'narrator', content: 'a' }])).toBeNull();
    expect(parseChatMessages(null)).toBeNull();
  });
});
