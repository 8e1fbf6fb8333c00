import { z } from 'zod';

/**
 * What the search needs from a language model, in our words (ARCHITECTURE rule 5): read a
 * search query the fast parser could not fully explain and say what it asks for, as fields the
 * search already knows. The model never invents filters the product lacks: services and the
 * category are slugs of our catalog, the place and the time are short English phrases that the
 * fast parser's own vocabulary then resolves (so a place or date means exactly what it means
 * when typed), and everything else stays a keyword.
 */
export interface LlmPort {
  /** Never throws: a failure is an answer too, and the caller falls back to the fast parse. */
  interpretSearch(query: string, context: SearchInterpretationContext): Promise<LlmSearchAnswer>;
}

export interface SearchInterpretationContext {
  /** Today in New York, e.g. "2026-12-01 (Tuesday)": relative phrases are the caller's to resolve, but the model reads "this friday" better knowing it. */
  today: string;
  /** The catalog the answer must choose from. */
  services: ReadonlyArray<{ slug: string; name: string }>;
  categories: ReadonlyArray<{ slug: string; name: string }>;
}

export const LLM_AGE_GROUPS = ['kids', 'teens', 'adults'] as const;
export const LLM_LEVELS = ['beginner', 'intermediate', 'advanced'] as const;
export const LLM_LESSON_TYPES = ['student_location', 'instructor_location', 'online', 'in_person'] as const;

/**
 * The shape asked of the model (structured outputs, strict mode: every field present, absent
 * ones null). Kept free of length limits, which strict mode does not accept everywhere; the
 * answer is then checked against llmSearchFieldsSchema, which has them.
 */
export const llmSearchFieldsWireSchema = z.object({
  services: z.array(z.string()).describe('Slugs of the catalog services asked for, most specific first; [] when none fits'),
  category: z.string().nullable().describe('Slug of the catalog category when only a broad subject is asked for'),
  ageGroup: z.enum(LLM_AGE_GROUPS).nullable().describe('Who takes the lessons: kids (up to 12), teens (13-17), adults'),
  level: z.enum(LLM_LEVELS).nullable(),
  location: z
    .string()
    .nullable()
    .describe('The New York City place asked for, in English as people name it ("Park Slope", "Upper West Side", "Brooklyn", "11215"), "near me", or "online"'),
  priceMaxDollars: z.number().nullable().describe('Highest price per hour in US dollars'),
  priceMinDollars: z.number().nullable().describe('Lowest price per hour in US dollars'),
  when: z
    .string()
    .nullable()
    .describe('When, in plain English words such as "tomorrow evening", "this weekend", "weekday mornings", "on tuesday after 5pm", "dec 12"'),
  lessonType: z.enum(LLM_LESSON_TYPES).nullable().describe("student_location: at the student's home; instructor_location: at the teacher's studio"),
  keywords: z.array(z.string()).describe('Other meaningful words to match against teacher profiles, in English'),
});

const phrase = (max: number) => z.string().trim().min(1).max(max);
const dollars = z.number().finite().min(0).max(10_000).nullable();

/** What an answer must satisfy to be used at all: anything else is `malformed`. */
export const llmSearchFieldsSchema = z.object({
  services: z.array(phrase(80)).max(8),
  category: phrase(80).nullable(),
  ageGroup: z.enum(LLM_AGE_GROUPS).nullable(),
  level: z.enum(LLM_LEVELS).nullable(),
  location: phrase(120).nullable(),
  priceMaxDollars: dollars,
  priceMinDollars: dollars,
  when: phrase(120).nullable(),
  lessonType: z.enum(LLM_LESSON_TYPES).nullable(),
  keywords: z.array(phrase(60)).max(16),
});

export type LlmSearchFields = z.infer<typeof llmSearchFieldsSchema>;

/**
 * Why there is no answer. `malformed` and `refused` mean the model answered but not usefully;
 * `timeout` and `unavailable` that it did not answer (these count towards opening the circuit
 * breaker); `circuit_open` and `busy` that it was not asked (breaker open, or every concurrent
 * slot taken).
 */
export const LLM_FAILURES = ['malformed', 'refused', 'timeout', 'unavailable', 'circuit_open', 'busy'] as const;
export type LlmFailure = (typeof LLM_FAILURES)[number];

export type LlmSearchAnswer = { ok: true; fields: LlmSearchFields } | { ok: false; failure: LlmFailure; detail: string };

/** Every way a call can end, for the calls counter: `ok` or a failure. */
export type LlmOutcome = 'ok' | LlmFailure;
