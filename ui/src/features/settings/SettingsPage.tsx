export default function SettingsPage() {
  return (
    <section className="page">
      <h1 className="page__title">Settings</h1>
    </section>
  );
}
