// Placeholder from the ui-shell branch so the router builds; the ui-pages branch replaces it.
export default function SessionDetailPage() {
  return (
    <section className="page">
      <h1 className="page__title">Session</h1>
      <p className="empty-state" data-testid="empty-state">
        This page is not built yet.
      </p>
    </section>
  );
}
