// Placeholder from the ui-shell branch so the router builds; the ui-pages branch replaces it.
export default function UserDetailPage() {
  return (
    <section className="page">
      <h1 className="page__title">User</h1>
      <p className="empty-state" data-testid="empty-state">
        This page is not built yet.
      </p>
    </section>
  );
}
