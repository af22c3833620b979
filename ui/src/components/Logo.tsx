/** The Glasshouse mark: a glass house with its panes. Decorative; the wordmark beside it names it. */
export function Logo({ size = 32 }: { readonly size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <path d="M4 14 16 4l12 10v14H4Z" fill="currentColor" fillOpacity="0.15" stroke="currentColor" strokeWidth="2" strokeLinejoin="round" />
      <path d="M16 4v24M4 20h24M10 9v19M22 9v19" stroke="currentColor" strokeWidth="1.25" />
    </svg>
  );
}
