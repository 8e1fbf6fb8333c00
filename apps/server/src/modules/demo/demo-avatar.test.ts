import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { DEMO_AVATAR_SIDE, demoAvatarSvg, initialsOf, limitConcurrency, pickAvatarLook, renderDemoAvatar } from './demo-avatar.ts';
import { SeededRandom } from './random.ts';

describe('demo avatars', () => {
  it('takes up to two initials from the first and last names', () => {
    expect(initialsOf('Maria Rossi')).toBe('MR');
    expect(initialsOf('  ana  de la  cruz ')).toBe('AC');
    expect(initialsOf('Zoe')).toBe('Z');
    expect(initialsOf('Élodie Ørsted')).toBe('ÉØ');
    expect(initialsOf('')).toBe('?');
  });

  it('draws the same avatar from the same seed, and different ones along the stream', () => {
    const looks = (seed: number) => {
      const random = new SeededRandom(seed);
      return Array.from({ length: 20 }, () => pickAvatarLook(random));
    };
    expect(looks(7)).toEqual(looks(7));
    const svgs = looks(7).map((look) => demoAvatarSvg('Maria Rossi', look));
    expect(new Set(svgs).size).toBeGreaterThan(10);
    expect(svgs[0]).toContain('>MR</text>');
    // Names are text in XML: markup in them is escaped, not interpreted.
    expect(demoAvatarSvg('<b> & "x"', looks(1)[0]!)).toContain('&#60;');
  });

  it('renders an opaque square PNG at DEMO_AVATAR_SIDE the photo pipeline accepts', async () => {
    const png = await renderDemoAvatar('Maria Rossi', pickAvatarLook(new SeededRandom(1)));
    const metadata = await sharp(png).metadata();
    expect([metadata.format, metadata.width, metadata.height, metadata.hasAlpha]).toEqual(['png', DEMO_AVATAR_SIDE, DEMO_AVATAR_SIDE, false]);
  });

  it('runs at most `limit` tasks at once, all of them', async () => {
    const run = limitConcurrency(3);
    let active = 0;
    let most = 0;
    const done: number[] = [];
    await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        run(async () => {
          active++;
          most = Math.max(most, active);
          await new Promise((resolve) => setTimeout(resolve, 2));
          active--;
          done.push(index);
        }),
      ),
    );
    expect(most).toBe(3);
    expect(done.sort((a, b) => a - b)).toEqual([...Array(10).keys()]);
  });
});
