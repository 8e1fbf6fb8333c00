const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const usdWhole = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  maximumFractionDigits: 0,
});

/** 8000 → "$80", 8550 → "$85.50" (money is always integer cents). */
export function formatCents(cents: number): string {
  return cents % 100 === 0 ? usdWhole.format(cents / 100) : usd.format(cents / 100);
}

/** 8000 → "$80/hr". */
export function formatCentsPerHour(cents: number): string {
  return `${formatCents(cents)}/hr`;
}

/** [30, 45, 60] → "30 · 45 · 60 min". */
export function formatDurations(minutes: readonly number[]): string {
  if (minutes.length === 0) return '';
  return `${[...minutes].sort((a, b) => a - b).join(' · ')} min`;
}

/** pluralize(1, 'service') → "1 service", pluralize(3, 'service') → "3 services". */
export function pluralize(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}
