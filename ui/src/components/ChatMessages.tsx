import { memo, useMemo, useState } from 'react';
import { parseChatMessages, type ChatMessage, type Part } from './chatMessages';
import { JsonView, LongText } from './JsonView';

/** Messages shown before "Show more": a long conversation renders in chunks. */
export const MESSAGE_CHUNK = 50;

export const ChatMessages = memo(function ChatMessages({ messages }: { messages: readonly ChatMessage[] }) {
  const [shown, setShown] = useState(MESSAGE_CHUNK);
  return (
    <div className="chat">
      {messages.slice(0, shown).map((message, index) => (
        <MessageView key={index} message={message} />
      ))}
      {messages.length > shown ? (
        <button type="button" className="show-all" onClick={() => setShown(shown + MESSAGE_CHUNK * 4)}>
          Show {Math.min(messages.length - shown, MESSAGE_CHUNK * 4)} more of {messages.length} messages
        </button>
      ) : null}
    </div>
  );
});

function MessageView({ message }: { message: ChatMessage }) {
  return (
    <div className={`chat-message chat-message--${message.role}`} data-testid="chat-message" data-role={message.role}>
      <div className="chat-message__role">
        {message.originalRole ?? message.role}
        {message.name === null ? null : <span className="chat-message__name"> · {message.name}</span>}
        {message.toolCallId === null ? null : <span className="chat-message__name mono"> · {message.toolCallId}</span>}
      </div>
      {message.parts.map((part, index) => (
        <PartView key={index} part={part} />
      ))}
      {message.toolCalls.map((call, index) => (
        <div key={index} className="tool-call" data-testid="tool-call">
          <div className="tool-call__head">
            <span aria-hidden="true">⚙</span> {call.name}
            {call.id === null ? null : <span className="mono muted"> {call.id}</span>}
          </div>
          <JsonView value={parseArguments(call.arguments)} />
        </div>
      ))}
    </div>
  );
}

function PartView({ part }: { part: Part }) {
  switch (part.kind) {
    case 'text':
      return <LongText className="chat-message__text" text={part.text} />;
    case 'image':
      return part.url.startsWith('data:') || part.url.startsWith('http') ? (
        <img className="chat-message__image" src={part.url} alt="image in the message" loading="lazy" />
      ) : (
        <span className="muted">[image {part.url.slice(0, 80)}]</span>
      );
    case 'json':
      return <JsonView value={part.value} />;
  }
}

/** OpenAI sends arguments as a JSON string; show them as the object they encode. */
function parseArguments(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (value.length > 200_000) return value; // parsing megabytes on render is not worth it
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/**
 * One input or output: chat messages when the value has a chat shape, text for a string, JSON
 * otherwise; "Raw JSON" shows the value as sent whatever its shape.
 */
export const IOView = memo(function IOView({ label, value: sent }: { label: string; value: unknown }) {
  const value = useMemo(() => parseJsonText(sent), [sent]);
  const messages = useMemo(() => parseChatMessages(value), [value]);
  const [raw, setRaw] = useState(false);
  if (value === null || value === undefined) {
    return (
      <section className="io">
        <h3>{label}</h3>
        <p className="muted">No {label.toLowerCase()} recorded.</p>
      </section>
    );
  }
  return (
    <section className="io">
      <h3>
        {label}
        <label className="io__toggle">
          <input type="checkbox" data-testid="raw-json-toggle" checked={raw} onChange={(e) => setRaw(e.target.checked)} /> Raw JSON
        </label>
      </h3>
      {raw ? (
        <JsonView value={sent} />
      ) : messages !== null ? (
        <ChatMessages messages={messages} />
      ) : typeof value === 'string' ? (
        <LongText className="io__text" text={value} />
      ) : (
        <JsonView value={value} />
      )}
    </section>
  );
});

/** Largest JSON-looking string parsed for display (OpenTelemetry sends messages as JSON text). */
const MAX_PARSED_TEXT = 2_000_000;

/** The value a JSON string encodes, when it is one; anything else (or a truncated payload) as it was. */
export function parseJsonText(value: unknown): unknown {
  if (typeof value !== 'string' || value.length > MAX_PARSED_TEXT) return value;
  const start = value.trimStart()[0];
  if (start !== '{' && start !== '[') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}
