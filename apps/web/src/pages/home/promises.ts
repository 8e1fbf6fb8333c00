export interface StudentPromise {
  icon: string;
  title: string;
  text: string;
}

/** What InstaInstru promises students (see PRODUCT.md §2, §5, §6, §10). */
export const promises: readonly StudentPromise[] = [
  {
    icon: '⚡',
    title: 'Instant booking',
    text: 'Pick a service, a lesson length and a free time. You see the full price before you confirm — no waiting for a reply.',
  },
  {
    icon: '💳',
    title: 'Pay after a 24-hour pre-authorization',
    text: 'Your card is saved when you book and only authorized 24 hours before the lesson. The payment is completed after the lesson.',
  },
  {
    icon: '🛡️',
    title: 'Trusted instructors',
    text: 'Every instructor verifies their identity and clears a background check before they can be booked.',
  },
  {
    icon: '📍',
    title: 'Where it suits you',
    text: 'At your place, at the instructor’s studio, at a neutral spot, or online — across all five boroughs.',
  },
  {
    icon: '🗓️',
    title: 'Fair cancellation',
    text: 'Cancel more than 24 hours ahead and nothing is charged. Reschedule up to twice per booking.',
  },
  {
    icon: '🧾',
    title: 'Clear pricing',
    text: 'A 12% booking fee shown up front, nothing hidden. Tips are optional and go 100% to your instructor.',
  },
];
