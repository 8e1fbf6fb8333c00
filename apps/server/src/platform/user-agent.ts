/**
 * Browser family and operating system from a User-Agent, for the places that need them: the
 * coarse device identity behind "new device" alerts (auth), and the human description shown in
 * emails and in the sessions list. Rough by design: user agents are easy to fake.
 */

const BROWSERS: ReadonlyArray<readonly [RegExp, string]> = [
  // Order matters: most browsers also claim to be Chrome and Safari.
  [/\bEdg(e|A|iOS)?\//, 'Edge'],
  [/\bOPR\/|\bOpera\b/, 'Opera'],
  [/\bSamsungBrowser\//, 'Samsung Internet'],
  [/\bFirefox\/|\bFxiOS\//, 'Firefox'],
  [/\b(Headless)?Chrome\/|\bChromium\/|\bCriOS\//, 'Chrome'],
  [/\bVersion\/[\d.]+.*\bSafari\//, 'Safari'],
];

const SYSTEMS: ReadonlyArray<readonly [RegExp, string]> = [
  // iPhone and iPad user agents say "like Mac OS X", so they come before macOS.
  [/\biPhone\b/, 'iPhone'],
  [/\biPad\b/, 'iPad'],
  [/\bAndroid\b/, 'Android'],
  [/\bWindows\b/, 'Windows'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bLinux\b/, 'Linux'],
];

/** Programs rather than browsers: scripts and HTTP libraries calling the API. */
const API_CLIENTS = /\b(curl|httpie|node|undici|okhttp|python-requests|python|axios|go-http-client)\b/i;

export interface UserAgentParts {
  browser: string | null;
  system: string | null;
  isApiClient: boolean;
}

export function parseUserAgent(userAgent: string): UserAgentParts {
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1] ?? null;
  return {
    browser,
    system: SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1] ?? null,
    isApiClient: browser === null && API_CLIENTS.test(userAgent),
  };
}

/**
 * A human description of a device ("Chrome on Windows"). It only has to help someone recognise
 * their own login.
 */
export function describeDevice(userAgent: string): string {
  const { browser, system } = parseUserAgent(userAgent);
  if (browser && system) return `${browser} on ${system}`;
  return browser ?? system ?? 'an unrecognised device';
}
