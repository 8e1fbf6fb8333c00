import type { ComponentType } from 'react';
import type { IconProps } from './Icon';
import {
  BallIcon,
  BookIcon,
  BriefcaseIcon,
  ClipboardCheckIcon,
  CrownIcon,
  DumbbellIcon,
  GraduationCapIcon,
  LanguagesIcon,
  LaptopIcon,
  MaskIcon,
  MusicIcon,
  PaletteIcon,
  PenIcon,
  SparkleIcon,
  UtensilsIcon,
} from './icons';

/**
 * A category's picture, by its slug. The catalog API sends an emoji `icon`, which the web app
 * does not draw (no emoji font on many machines); a category added later gets the generic cap.
 */
const BY_SLUG: Record<string, ComponentType<IconProps>> = {
  music: MusicIcon,
  languages: LanguagesIcon,
  'academic-tutoring': BookIcon,
  'test-prep': ClipboardCheckIcon,
  sports: BallIcon,
  'fitness-wellness': DumbbellIcon,
  dance: SparkleIcon,
  'arts-crafts': PaletteIcon,
  technology: LaptopIcon,
  'chess-games': CrownIcon,
  'cooking-baking': UtensilsIcon,
  'life-career': BriefcaseIcon,
  'acting-performance': MaskIcon,
  writing: PenIcon,
};

export function CategoryIcon({ slug, className }: { slug: string; className?: string }) {
  const Picture = BY_SLUG[slug] ?? GraduationCapIcon;
  return <Picture className={className} />;
}
