/** A page's tabs as buttons: the current one marked, choosing one handled by the page (its URL). */
export function Tabs<K extends string>({
  label,
  tabs,
  current,
  onSelect,
}: {
  label: string;
  tabs: readonly { key: K; label: string }[];
  current: K;
  onSelect: (key: K) => void;
}) {
  return (
    <nav className="tabs" aria-label={label}>
      {tabs.map((t) => (
        <button
          key={t.key}
          type="button"
          className={t.key === current ? 'selected' : 'secondary'}
          aria-current={t.key === current ? 'page' : undefined}
          onClick={() => onSelect(t.key)}
        >
          {t.label}
        </button>
      ))}
    </nav>
  );
}
