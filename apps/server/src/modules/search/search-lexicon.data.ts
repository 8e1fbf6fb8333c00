/**
 * The everyday phrasings the fast search parser knows besides the catalog and the places: who
 * the lessons are for, how far along the student is, where and when. Hand-written data; every
 * phrase is normalized and stemmed by the vocabulary, so plurals and case need not be listed.
 */
import type { AgeGroup, LessonType, Level } from './search-parse.types.ts';

export const AGE_PHRASES: Readonly<Record<AgeGroup, readonly string[]>> = {
  kids: [
    'kid', 'kiddo', 'child', 'children', 'toddler', 'preschooler', 'little one', 'little ones', 'my son', 'my daughter',
    'son', 'daughter', 'boy', 'girl', 'my grandson', 'my granddaughter', 'grandkid', 'grandchild', 'grandchildren', 'young child', 'elementary schooler', 'grade schooler', 'kindergartener',
    'kindergarten', 'baby', 'youth', 'junior',
  ],
  teens: [
    'teen', 'teens', 'teenager', 'teenage', 'my teenager', 'high schooler', 'high school student', 'middle schooler',
    'adolescent', 'tween',
  ],
  adults: [
    'adult', 'grown up', 'grownup', 'for me', 'myself', 'my wife', 'my husband', 'my partner', 'my girlfriend',
    'my boyfriend', 'my mom', 'my dad', 'my mother', 'my father', 'senior', 'retiree', 'college student',
    'grad student', 'older adult', 'grandma', 'grandpa', 'grandmother', 'grandfather', 'my grandparents', 'for us', 'me and my wife', 'me and my husband',
  ],
};

/** Words inside a catalog synonym that also say who it is for ("adult ballet", "programming for kids"). */
export const AGE_WORDS_IN_SERVICE_PHRASES: Readonly<Record<string, AgeGroup>> = {
  kid: 'kids',
  child: 'kids',
  children: 'kids',
  teen: 'teens',
  adult: 'adults',
  senior: 'adults',
};

export const LEVEL_PHRASES: Readonly<Record<Level, readonly string[]>> = {
  beginner: [
    'beginner', 'beginning', 'novice', 'newbie', 'first timer', 'first time', 'never played', 'never played before',
    'never done', 'never tried', 'never taken', 'never sang', 'never swam', 'new to', 'just starting', 'starting out',
    'from scratch', 'basics', 'the basics', 'intro', 'introduction', 'total beginner', 'complete beginner',
    'absolute beginner', 'zero experience', 'no experience', 'entry level',
  ],
  intermediate: [
    'intermediate', 'brush up', 'brushing up', 'refresher', 'rusty', 'get back into', 'getting back into',
    'some experience', 'improve', 'improving', 'polish', 'level up', 'mid level',
  ],
  advanced: [
    'advanced', 'expert', 'pro', 'professional level', 'conservatory', 'conservatory audition', 'competitive',
    'competition', 'mastery', 'college level', 'elite', 'pre professional',
  ],
};

export const LESSON_TYPE_PHRASES: Readonly<Record<Exclude<LessonType, 'online'>, readonly string[]>> = {
  student_location: [
    'at my place', 'at home', 'at my home', 'my home', 'my house', 'at my house', 'my apartment', 'at my apartment',
    'my apt', 'come to me', 'comes to me', 'come to my home', 'come to my house', 'come to my place', 'in home',
    'in my home', 'house call', 'travel to me', 'travels to me', 'home lessons',
  ],
  instructor_location: [
    'at your studio', 'at your place', 'at the studio', 'at their studio', 'at their place', 'in studio', 'studio',
    'instructors studio', 'teachers studio', 'at the teachers', 'go to them', 'i travel', 'ill travel',
  ],
  in_person: ['in person', 'inperson', 'face to face', 'irl', 'in real life'],
};

export const ONLINE_PHRASES: readonly string[] = [
  'online', 'on line', 'zoom', 'over zoom', 'via zoom', 'on zoom', 'virtual', 'virtually', 'remote', 'remotely',
  'video call', 'over video', 'facetime', 'skype', 'google meet', 'webcam',
];

export const NEAR_ME_PHRASES: readonly string[] = [
  'near me', 'nearby', 'close to me', 'close by', 'around me', 'near my home', 'near my house', 'in my area',
  'near here', 'close to home', 'closest', 'nearest',
];

/** Catalog additions the catalog itself does not need (it lists 3–8 synonyms per service). */
export const EXTRA_SERVICE_SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  'web-development': ['programming', 'learn to code', 'coder'],
  'coding-for-kids': ['coding for kids', 'coding class for kids', 'kids programming'],
  'elementary-math': ['math help', 'math homework', 'mathematics'],
  piano: ['pianist'],
  guitar: ['guitarist'],
  swimming: ['swimmer'],
  voice: ['singer', 'vocals'],
  'go-game': ['go game', 'game of go', 'go lessons', 'go class', 'go teacher'],
};

/**
 * Synonyms that name a service alone but only describe one next to another service: "jazz
 * piano" is piano in the jazz style, not Jazz Dance as well. Next to another service they
 * become keywords.
 */
export const MODIFIER_SYNONYMS: readonly string[] = [
  'jazz', 'english', 'writing', 'reading', 'drama', 'broadway', 'composition', 'harmony', 'mixing', 'freestyle',
  'breaking', 'putting', 'functions', 'organization', 'brass', 'bass', 'coding', 'lyrical', 'audition', 'fiction',
];

/** Categories by everyday names besides their own ("tutoring", "art"). */
export const EXTRA_CATEGORY_SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  music: ['music lessons', 'instrument', 'musical instrument'],
  languages: ['language', 'foreign language', 'language lessons'],
  'academic-tutoring': ['tutoring', 'homework help', 'homework', 'academic', 'academics', 'school subjects'],
  'test-prep': ['test prep', 'test preparation', 'exam prep', 'standardized test'],
  sports: ['sport', 'athletics'],
  'fitness-wellness': ['fitness', 'wellness', 'exercise'],
  dance: ['dancing', 'dance lessons', 'dance class'],
  'arts-crafts': ['art', 'arts', 'crafts', 'art class'],
  technology: ['tech', 'computers', 'computer'],
  'chess-games': ['games', 'board games'],
  'cooking-baking': ['culinary'],
  'life-career': ['career', 'life coach', 'life coaching'],
  'acting-performance': ['performance', 'performing arts', 'theater', 'theatre'],
};

/**
 * Words that carry no filter and are not worth a keyword: articles, "lessons", "teacher",
 * "looking for"… They are not reported as unresolved either.
 */
export const STOP_WORDS: readonly string[] = (
  'a an the for to in on at of with and or my me i im we our us want wants wanted need needs needed looking look ' +
  'find finding search searching some someone somebody who that can could would like please lesson class course ' +
  'teacher tutor instructor coach trainer session help learn learning get getting good best great near around area ' +
  'nyc new york city ny is are be from by per hour hr time available availability book booking also just really ' +
  'very any anyone anybody this next every one private 1 on1 one-on-one ones who whom which where when what how ' +
  'will do does doing to it its am pm lessons into about up than there here out take taking start starting ' +
  'prep price rate cost max maximum budget dollar something anything stuff thing hi hey hello thanks thank you your their them they he she him her his hers yes no not so mine'
).split(' ');

/**
 * Descriptive words the fast parser cannot turn into a filter but understands well enough: they
 * stay keywords (for text relevance) and are not "unresolved" (they do not warrant the LLM).
 */
export const KNOWN_KEYWORDS: readonly string[] = (
  'patient fun friendly experienced certified qualified native speaker female male woman man cheap affordable ' +
  'budget inexpensive top rated reviewed recommended professional kind strict encouraging gentle calm asap soon ' +
  'urgent flexible weekly regular ongoing trial quick crash intensive group semi casual serious bilingual ' +
  'classical jazz pop rock ap ib honors'
).split(' ');
