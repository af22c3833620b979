import { useEffect, useState } from 'react';

/** A text box that commits after a short pause in typing (or on Enter), so the URL is not rewritten per key. */
export function SearchBox({ value, onCommit, placeholder, testId }: { value: string; onCommit: (text: string) => void; placeholder: string; testId?: string }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text === value) return undefined;
    const timer = setTimeout(() => onCommit(text.trim()), 350);
    return () => clearTimeout(timer);
  }, [text, value, onCommit]);
  return (
    <input
      type="search"
      className="search-box"
      data-testid={testId}
      aria-label={placeholder}
      placeholder={placeholder}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') onCommit(text.trim());
      }}
    />
  );
}
