/** "Verified" / "Not verified" / "On" / "Off", as a small pill. */
export function StatusBadge({ ok, children }: { ok: boolean; children: string }) {
  return (
    <span
      className={`inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-semibold ${
        ok ? 'bg-emerald-100 text-emerald-800' : 'bg-amber-100 text-amber-900'
      }`}
    >
      {children}
    </span>
  );
}
