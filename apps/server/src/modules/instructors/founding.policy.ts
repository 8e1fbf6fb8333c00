/**
 * Founding instructors (PRODUCT.md §2, §6): the first 100 approved instructors get a lifetime
 * 8% commission, a search boost and immunity from tier demotion. Numbers 1–100 are handed out
 * in approval order by the counter in 0007_instructors.sql (whose CHECK repeats the limit).
 */
export const FOUNDING_INSTRUCTOR_LIMIT = 100;
