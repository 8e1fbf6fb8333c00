import { describe, expect, it } from 'vitest';
import { passwordProblems } from './password.policy.ts';

describe('password rules', () => {
  it.each([
    ['correct horse battery', []],
    ['Tr0ub4dor&3x', []],
    ['short', ['must be at least 10 characters']],
    ['password123', ['is too common; choose something less guessable']],
    ['aaaaaaaaaaaa', ['must not be one character repeated']],
    ['x'.repeat(129).replace(/^x/, 'y'), ['must be at most 128 characters']],
    ['', ['must be at least 10 characters']],
  ])('%j → %j', (password, problems) => {
    expect(passwordProblems(password)).toEqual(problems);
  });

  it('counts characters, not bytes (emoji and accents)', () => {
    expect(passwordProblems('café🎹café🎹')).toEqual([]);
    expect(passwordProblems('ab🎹cd🎹ef🎹')).toEqual(['must be at least 10 characters']); // 9 characters, 12 UTF-16 units
  });

  it('refuses a password containing the email name', () => {
    expect(passwordProblems('maria.lopez-2026', { email: 'Maria.Lopez@example.com' })).toEqual(['must not contain your email address']);
    expect(passwordProblems('bob-is-a-builder', { email: 'bob@example.com' })).toEqual([]);
  });
});
