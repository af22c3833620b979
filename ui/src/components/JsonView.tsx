import { memo, useMemo, useState } from 'react';

/** Characters shown before "Show all": enough to read, small enough for a 1 MB value to stay instant. */
export const PREVIEW_CHARS = 4_000;

export function formatBytes(chars: number): string {
  if (chars < 1024) return `${chars} characters`;
  if (chars < 1024 * 1024) return `${(chars / 1024).toFixed(1)} KB`;
  return `${(chars / 1024 / 1024).toFixed(1)} MB`;
}

/** A long string cut at PREVIEW_CHARS with a button that shows the rest on request. */
export const LongText = memo(function LongText({ text, className }: { text: string; className?: string }) {
  const [all, setAll] = useState(false);
  const cut = !all && text.length > PREVIEW_CHARS;
  return (
    <div className={className}>
      <span className="long-text">{cut ? text.slice(0, PREVIEW_CHARS) : text}</span>
      {cut ? (
        <button type="button" className="show-all" onClick={() => setAll(true)}>
          … show all ({formatBytes(text.length)})
        </button>
      ) : null}
    </div>
  );
});

/**
 * Pretty JSON. Stringifying is memoized per value, and the text is cut like LongText, so a
 * re-render of a page with a megabyte payload does not re-serialize or re-layout it.
 */
export const JsonView = memo(function JsonView({ value }: { value: unknown }) {
  const text = useMemo(() => prettyJson(value), [value]);
  return <LongText className="json" text={text} />;
});

export function prettyJson(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}
