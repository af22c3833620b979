// Turns the many shapes of LLM input/output into one list of chat messages. Understood:
//  - OpenAI chat: [{role, content: string | parts[], tool_calls?, tool_call_id?, name?}], function_call,
//    an answer {choices: [{message}]} or a single message object
//  - Anthropic: {system?, messages: [...]}, content blocks text / image / tool_use / tool_result
//  - OpenTelemetry GenAI semantic conventions: [{role, parts: [{type: text|tool_call|tool_call_response, ...}]}]
//  - Gemini / Vertex: [{role: user|model, parts: [{text} | {functionCall} | {functionResponse}]}]
//  - LangChain: roles human / ai, {type: human|ai|system|tool, content}
// Anything else answers null and is shown as JSON.

export type Role = 'system' | 'user' | 'assistant' | 'tool';

export type Part =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'image'; readonly url: string }
  | { readonly kind: 'json'; readonly value: unknown };

export interface ToolCall {
  readonly id: string | null;
  readonly name: string;
  /** The arguments as sent: usually a JSON string (OpenAI) or an object (Anthropic, GenAI). */
  readonly arguments: unknown;
}

export interface ChatMessage {
  readonly role: Role;
  /** The role as written, when it differs from the normalized one (developer, model, human…). */
  readonly originalRole: string | null;
  readonly name: string | null;
  readonly parts: readonly Part[];
  readonly toolCalls: readonly ToolCall[];
  /** For tool results: the call they answer. */
  readonly toolCallId: string | null;
}

type Json = Record<string, unknown>;

export function parseChatMessages(value: unknown): ChatMessage[] | null {
  const list = messageList(value);
  if (list === null || list.length === 0) return null;
  const messages: ChatMessage[] = [];
  for (const item of list) {
    const parsed = parseMessage(item);
    if (parsed === null) return null;
    messages.push(...parsed);
  }
  return messages;
}

function messageList(value: unknown): unknown[] | null {
  if (Array.isArray(value)) return value.every(looksLikeMessage) ? value : null;
  if (!isObject(value)) return null;
  if (Array.isArray(value['messages'])) {
    const system = value['system'];
    const prefix = typeof system === 'string' || Array.isArray(system) ? [{ role: 'system', content: system }] : [];
    const messages = value['messages'] as unknown[];
    return messages.every(looksLikeMessage) ? [...prefix, ...messages] : null;
  }
  if (Array.isArray(value['choices'])) {
    const choices = (value['choices'] as unknown[]).map((c) => (isObject(c) ? (c['message'] ?? c['delta']) : undefined));
    return choices.every(looksLikeMessage) ? choices : null;
  }
  return looksLikeMessage(value) ? [value] : null;
}

function looksLikeMessage(item: unknown): item is Json {
  if (!isObject(item)) return false;
  const role = item['role'] ?? item['type'];
  if (typeof role !== 'string' || normalizeRole(role) === null) return false;
  return 'content' in item || 'parts' in item || 'tool_calls' in item || 'function_call' in item;
}

function parseMessage(item: unknown): ChatMessage[] | null {
  if (!looksLikeMessage(item)) return null;
  const rawRole = String(item['role'] ?? item['type']);
  const role = normalizeRole(rawRole)!;
  const name = typeof item['name'] === 'string' ? item['name'] : null;
  const toolCallIdField = item['tool_call_id'] ?? item['toolCallId'];
  const parts: Part[] = [];
  const toolCalls: ToolCall[] = [];
  // Tool results embedded in a user message (Anthropic) become messages of their own.
  const results: ChatMessage[] = [];

  const content = item['content'] ?? item['parts'];
  if (typeof content === 'string') {
    parts.push({ kind: 'text', text: content });
  } else if (Array.isArray(content)) {
    for (const block of content) readBlock(block, parts, toolCalls, results);
  } else if (content !== undefined && content !== null) {
    parts.push({ kind: 'json', value: content });
  }

  for (const call of asArray(item['tool_calls'])) {
    if (!isObject(call)) continue;
    const fn = isObject(call['function']) ? call['function'] : call;
    toolCalls.push({ id: stringOrNull(call['id']), name: String(fn['name'] ?? 'tool'), arguments: fn['arguments'] ?? fn['args'] ?? null });
  }
  if (isObject(item['function_call'])) {
    const fn = item['function_call'];
    toolCalls.push({ id: null, name: String(fn['name'] ?? 'function'), arguments: fn['arguments'] ?? null });
  }

  const own: ChatMessage[] =
    parts.length === 0 && toolCalls.length === 0 && results.length > 0
      ? []
      : [
          {
            role,
            originalRole: rawRole === role ? null : rawRole,
            name,
            parts,
            toolCalls,
            toolCallId: typeof toolCallIdField === 'string' ? toolCallIdField : null,
          },
        ];
  return [...own, ...results];
}

function readBlock(block: unknown, parts: Part[], toolCalls: ToolCall[], results: ChatMessage[]): void {
  if (typeof block === 'string') {
    parts.push({ kind: 'text', text: block });
    return;
  }
  if (!isObject(block)) {
    parts.push({ kind: 'json', value: block });
    return;
  }
  const type = block['type'];
  if (typeof block['text'] === 'string' && (type === undefined || type === 'text' || type === 'input_text' || type === 'output_text')) {
    parts.push({ kind: 'text', text: block['text'] });
    return;
  }
  if (type === 'text' && typeof block['content'] === 'string') {
    parts.push({ kind: 'text', text: block['content'] }); // GenAI semconv
    return;
  }
  if (type === 'image_url') {
    const image = block['image_url'];
    const url = isObject(image) ? image['url'] : image;
    parts.push({ kind: 'image', url: String(url ?? '') });
    return;
  }
  if (type === 'tool_use' || type === 'tool_call') {
    toolCalls.push({ id: stringOrNull(block['id']), name: String(block['name'] ?? 'tool'), arguments: block['input'] ?? block['arguments'] ?? null });
    return;
  }
  if (isObject(block['functionCall'])) {
    const fn = block['functionCall'];
    toolCalls.push({ id: stringOrNull(fn['id']), name: String(fn['name'] ?? 'function'), arguments: fn['args'] ?? null });
    return;
  }
  if (type === 'tool_result' || type === 'tool_call_response' || isObject(block['functionResponse'])) {
    const fn = isObject(block['functionResponse']) ? block['functionResponse'] : block;
    const payload = fn['content'] ?? fn['response'] ?? fn['result'] ?? null;
    const inner: Part[] = [];
    if (typeof payload === 'string') inner.push({ kind: 'text', text: payload });
    else if (Array.isArray(payload)) payload.forEach((p) => readBlock(p, inner, [], []));
    else inner.push({ kind: 'json', value: payload });
    results.push({
      role: 'tool',
      originalRole: null,
      name: stringOrNull(fn['name']),
      parts: inner,
      toolCalls: [],
      toolCallId: stringOrNull(block['tool_use_id'] ?? block['id'] ?? fn['id']),
    });
    return;
  }
  parts.push({ kind: 'json', value: block });
}

export function normalizeRole(role: string): Role | null {
  switch (role.toLowerCase()) {
    case 'system':
    case 'developer':
      return 'system';
    case 'user':
    case 'human':
      return 'user';
    case 'assistant':
    case 'ai':
    case 'model':
    case 'bot':
      return 'assistant';
    case 'tool':
    case 'function':
    case 'ipython':
      return 'tool';
    default:
      return null;
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
