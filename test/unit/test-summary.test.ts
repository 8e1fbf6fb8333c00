import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without type declarations
import { summaryLine } from '../../scripts/test-summary.mjs';

const file = (name: string, statuses: string[], status = statuses.includes('failed') ? 'failed' : 'passed') => ({
  name,
  status,
  assertionResults: statuses.map((testStatus) => ({ status: testStatus })),
});

function report(files: ReturnType<typeof file>[]) {
  const tests = files.flatMap((entry) => entry.assertionResults);
  const count = (status: string) => tests.filter((test) => test.status === status).length;
  return {
    numPassedTests: count('passed'),
    numFailedTests: count('failed'),
    numPendingTests: count('pending'),
    numTodoTests: count('todo'),
    numTotalTests: tests.length,
    testResults: files,
  };
}

describe('the summary line of npm test', () => {
  it('keeps the leading counts CI reads and adds how many browser tests ran', () => {
    const json = report([
      file('/repo/apps/server/src/a.test.ts', ['passed', 'passed', 'pending']),
      file('/repo/test/e2e/home.test.ts', ['passed', 'passed']),
      file('/repo/test/e2e/accounts.test.ts', ['passed']),
    ]);
    expect(summaryLine(json, 0)).toBe('Tests: 5 passed, 0 failed, 1 skipped (browser: 3 passed)');
  });

  it('says 0 browser tests when none ran, and counts browser failures and skips', () => {
    expect(summaryLine(report([file('/repo/test/unit/x.test.ts', ['passed'])]), 0)).toBe('Tests: 1 passed, 0 failed, 0 skipped (browser: 0 passed)');
    const json = report([file('C:\\repo\\test\\e2e\\home.test.ts', ['passed', 'failed', 'pending'])]);
    expect(summaryLine(json, 1)).toBe('Tests: 1 passed, 1 failed, 1 skipped (browser: 1 passed, 1 failed, 1 skipped)');
  });

  it('never says 0 failed on a red run: a file broken outside its tests counts, so does a bad exit', () => {
    const broken = report([file('/repo/test/e2e/home.test.ts', [], 'failed'), file('/repo/test/unit/x.test.ts', ['passed'])]);
    expect(summaryLine(broken, 1)).toBe('Tests: 1 passed, 1 failed, 0 skipped (browser: 0 passed, 1 failed)');
    expect(summaryLine(report([file('/repo/test/unit/x.test.ts', ['passed'])]), 1)).toMatch(/^Tests: 1 passed, 1 failed, 0 skipped/);
  });

  it('says so when no test ran or no report was written', () => {
    expect(summaryLine(report([]), 1)).toBe('Tests: 0 passed, 1 failed, 0 skipped (no test ran)');
    expect(summaryLine(null, 1)).toBe('Tests: no report was written');
  });
});
