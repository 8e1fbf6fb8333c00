/** Raw material for demo instructors: names, streets and bio sentences (fictional people). */
export const FIRST_NAMES = [
  'Aaliyah', 'Aaron', 'Adaeze', 'Aditi', 'Alejandro', 'Amara', 'Andre', 'Anya', 'Ari', 'Beatriz', 'Benjamin', 'Camila',
  'Carlos', 'Chen', 'Chloe', 'Dario', 'Deja', 'Dmitri', 'Elena', 'Elijah', 'Esther', 'Fatima', 'Felix', 'Gabriel',
  'Grace', 'Hana', 'Hector', 'Ibrahim', 'Imani', 'Isabella', 'Jamal', 'Jasmine', 'Jin', 'Jonah', 'Julia', 'Kai',
  'Keisha', 'Kenji', 'Layla', 'Leo', 'Lucia', 'Malik', 'Maria', 'Marcus', 'Maya', 'Mei', 'Miguel', 'Nadia', 'Naomi',
  'Nico', 'Olga', 'Omar', 'Priya', 'Rafael', 'Rania', 'Rosa', 'Samuel', 'Sofia', 'Tariq', 'Tessa', 'Theo', 'Valentina',
  'Wei', 'Yara', 'Yusuf', 'Zoe',
] as const;

export const LAST_NAMES = [
  'Abiodun', 'Alvarez', 'Bennett', 'Brooks', 'Castillo', 'Chen', 'Cohen', 'Delgado', 'Diaz', 'Dubois', 'Edwards',
  'Fernandez', 'Fischer', 'Garcia', 'Goldberg', 'Gupta', 'Haddad', 'Hernandez', 'Ivanova', 'Jackson', 'Johnson', 'Kaur',
  'Kim', 'Kowalski', 'Lee', 'Lopez', 'Martinez', 'Mendoza', 'Morales', 'Nakamura', 'Nguyen', 'Okafor', 'Ortiz', 'Park',
  'Patel', 'Petrov', 'Ramirez', 'Reyes', 'Rivera', 'Robinson', 'Rossi', 'Santos', 'Schwartz', 'Singh', 'Suarez',
  'Takahashi', 'Thompson', 'Torres', 'Wang', 'Washington', 'Williams', 'Wong', 'Yilmaz', 'Zhang',
] as const;

export const STREETS = [
  'Atlantic Ave', 'Bedford Ave', 'Broadway', 'Court St', 'Dean St', 'Flatbush Ave', 'Franklin Ave', 'Grand St',
  'Hudson St', 'Lafayette St', 'Lexington Ave', 'Metropolitan Ave', 'Nostrand Ave', 'Ocean Pkwy', 'Prospect Pl',
  'Queens Blvd', 'Roosevelt Ave', 'Smith St', 'Steinway St', 'Union St', 'Vernon Blvd', 'W 72nd St', 'W 110th St',
  'E 14th St', 'Amsterdam Ave', 'Arthur Ave', 'Grand Concourse', 'Victory Blvd', 'Forest Ave', 'Ditmars Blvd',
] as const;

/** ISO 639-1 codes, as instructor profiles store languages. */
export const LANGUAGE_SETS = [['en'], ['en'], ['en'], ['en', 'es'], ['en', 'zh'], ['en', 'fr'], ['en', 'ru'], ['en', 'ko'], ['en', 'pt'], ['en', 'hi']] as const;

export const OPENINGS = [
  'I have taught {service} in New York for {years} years',
  'I started teaching {service} {years} years ago and still love it',
  'For {years} years I have helped students of every age get better at {service}',
] as const;

export const MIDDLES = [
  'and I tailor every lesson to what you want to achieve, whether that is a first milestone, an exam or simply the joy of learning.',
  'and my lessons are patient, structured and fun, with clear goals you can feel after a few weeks.',
  'and I focus on strong fundamentals first, then the pieces, songs or skills that keep you motivated.',
  'and I work with beginners who feel nervous as happily as with advanced students preparing for auditions.',
] as const;

export const CLOSINGS = [
  'I teach kids, teens and adults.',
  'Parents get a short note after each lesson about what we covered.',
  'Bring your questions: the first lesson is about where you want to go.',
  'I trained and worked in the city, and I bring that experience to every lesson.',
] as const;

export type WeeklyPattern = Partial<Record<'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday', Array<[string, string]>>>;

/**
 * Weekly availability shapes (New York wall-clock ranges per weekday) and how common each is:
 * most instructors teach after school or work and on weekends, some in the daytime.
 */
export const WEEKLY_PATTERNS: ReadonlyArray<{ weight: number; week: WeeklyPattern }> = [
  { weight: 5, week: { monday: [['16:00', '21:00']], tuesday: [['16:00', '21:00']], wednesday: [['16:00', '21:00']], thursday: [['16:00', '21:00']], saturday: [['09:00', '14:00']] } },
  { weight: 3, week: { tuesday: [['10:00', '13:00'], ['17:00', '20:00']], thursday: [['10:00', '13:00'], ['17:00', '20:00']], saturday: [['10:00', '16:00']], sunday: [['10:00', '16:00']] } },
  { weight: 2, week: { monday: [['08:00', '12:00']], wednesday: [['08:00', '12:00']], friday: [['08:00', '12:00'], ['14:00', '18:00']] } },
  { weight: 3, week: { saturday: [['09:00', '18:00']], sunday: [['09:00', '18:00']] } },
  { weight: 4, week: { monday: [['18:00', '22:00']], tuesday: [['18:00', '22:00']], wednesday: [['18:00', '22:00']], thursday: [['18:00', '22:00']], friday: [['18:00', '22:00']] } },
  { weight: 2, week: { monday: [['12:00', '19:00']], wednesday: [['12:00', '19:00']], friday: [['12:00', '19:00']], sunday: [['11:00', '15:00']] } },
  { weight: 3, week: { monday: [['17:00', '21:00']], wednesday: [['17:00', '21:00']], friday: [['16:00', '20:00']], saturday: [['10:00', '15:00']], sunday: [['10:00', '15:00']] } },
  { weight: 2, week: { tuesday: [['06:30', '09:00'], ['18:00', '21:00']], thursday: [['06:30', '09:00'], ['18:00', '21:00']], sunday: [['08:00', '12:00']] } },
  { weight: 2, week: { monday: [['09:00', '17:00']], tuesday: [['09:00', '17:00']], wednesday: [['09:00', '17:00']], thursday: [['09:00', '17:00']], friday: [['09:00', '17:00']] } },
];
