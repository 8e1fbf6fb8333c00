const dateTime = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' });

/** "Nov 23, 2026, 10:00 AM" in the browser's time zone. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

/** "+12125550123" → "(212) 555-0123"; other countries stay in E.164. */
export function formatPhone(e164: string): string {
  const us = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return us ? `(${us[1]}) ${us[2]}-${us[3]}` : e164;
}

/** A readable device from a User-Agent header: "Chrome on Linux". */
export function describeDevice(userAgent: string): string {
  const ua = userAgent.toLowerCase();
  const browser = /edg\//.test(ua)
    ? 'Edge'
    : /firefox\//.test(ua)
      ? 'Firefox'
      : /chrome\/|chromium\//.test(ua)
        ? 'Chrome'
        : /safari\//.test(ua)
          ? 'Safari'
          : 'Unknown browser';
  const os = /iphone|ipad/.test(ua)
    ? 'iOS'
    : /android/.test(ua)
      ? 'Android'
      : /mac os x|macintosh/.test(ua)
        ? 'macOS'
        : /windows/.test(ua)
          ? 'Windows'
          : /linux/.test(ua)
            ? 'Linux'
            : 'unknown system';
  return `${browser} on ${os}`;
}
