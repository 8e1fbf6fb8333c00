import type { ComponentType } from 'react';
import type { IconProps } from '../../components/icons/Icon';
import { CalendarIcon, MapPinIcon, SearchIcon, TagIcon } from '../../components/icons/icons';

export interface Feature {
  icon: ComponentType<IconProps>;
  title: string;
  text: string;
}

/**
 * What a visitor can do on InstaInstru today. Only what is built: booking, payments and
 * identity checks are not, so the page does not mention them until they are.
 */
export const features: readonly Feature[] = [
  {
    icon: SearchIcon,
    title: 'Browse the catalog',
    text: 'Categories and services, from piano to Spanish to swimming, with the lesson lengths each one offers.',
  },
  {
    icon: TagIcon,
    title: 'Compare prices',
    text: 'Each instructor sets a price per lesson length, never below the category’s minimum hourly rate shown here.',
  },
  {
    icon: MapPinIcon,
    title: 'See where they teach',
    text: 'The neighborhoods an instructor travels to, the approximate area of their studio, or online.',
  },
  {
    icon: CalendarIcon,
    title: 'See open times',
    text: 'An instructor’s free times for the next two weeks, in New York time, for the lesson and length you choose.',
  },
];
