import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import type { StoragePort } from '../../integrations/storage/storage.port.ts';
import type { Principal } from '../../platform/auth/principal.ts';
import type { Clock } from '../../platform/clock.ts';
import { DomainError } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor } from '../../platform/http/pagination.ts';
import { tstzrangeLiteral } from '../availability/free-time.policy.ts';
import type { Interval } from '../availability/slots.policy.ts';
import { photoUrls } from '../instructors/instructor-views.ts';
import type { SearchEvent, SearchEventRecorder } from './search-events.port.ts';
import type { AgeGroup, LessonType, Level, SearchParse, SearchWhen } from './search-parse.types.ts';
import type { SearchParser } from './search-parser.ts';
import {
  DEFAULT_HORIZON_DAYS,
  dayLabel,
  dollars,
  higherPriceLimits,
  laterDays,
  nextStarts,
  RELAXATION_COUNT_CAP,
  searchWindows,
  unresolvedLocationWords,
  type NextStart,
  type SearchSort,
} from './search.policy.ts';
import type { SearchFilter, SearchPlace, SearchRepository, SearchRow } from './search.repository.ts';

/** `none` clears that part of the parse (a removed chip). */
type Override<T> = T | 'none' | undefined;

export interface SearchInput {
  q: string;
  lat?: number | undefined;
  lng?: number | undefined;
  sort: SearchSort;
  limit: number;
  cursor?: string | undefined;
  service?: string | undefined;
  category?: string | undefined;
  neighborhood?: string | undefined;
  borough?: string | undefined;
  online?: 'true' | undefined;
  priceMaxCents?: Override<number>;
  priceMinCents?: Override<number>;
  from?: Override<string>;
  to?: Override<string>;
  lessonType?: Override<LessonType>;
  ageGroup?: Override<AgeGroup>;
  level?: Override<Level>;
}

export type PublicParse = Omit<SearchParse, 'unresolved'>;

/** A search event less who searched and how long it took: both belong to the request. */
export type SearchReport = Omit<SearchEvent, 'userId' | 'latencyMs'>;

export interface SearchItem {
  instructor: { id: string; name: string; headline: string; photoUrl: string | null; founding: boolean };
  service: { id: string; slug: string; name: string; hourlyCents: number };
  serves: Array<{ mode: 'travel' | 'studio' | 'online'; distanceMeters: number | null }>;
  distanceMeters: number | null;
  nextStarts: NextStart[];
}

export interface Relaxation {
  kind: 'nearby' | 'later' | 'price' | 'online';
  label: string;
  count: number;
  params: Record<string, string>;
}

export interface SearchResult {
  parsed: PublicParse;
  needsLocation: boolean;
  items: SearchItem[];
  nextCursor: string | null;
  relaxations: Relaxation[];
}

/** A resolved search: the effective parse and what the query needs. */
interface Plan {
  parsed: SearchParse;
  needsLocation: boolean;
  filter: SearchFilter;
  windows: Interval[];
}

const HOUR_MS = 3_600_000;
const NEARBY_METERS = 500;
const NEARBY_CANDIDATES = 8;
const NEARBY_SHOWN = 2;

const CursorShape = z.tuple([z.enum(['relevance', 'price', 'distance', 'soonest']), z.number().finite(), z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/)]);

function invalid(field: string, reason: string): DomainError {
  return new DomainError('validation_failed', `${field}: ${reason}`, { errors: [{ field, reason }] });
}

const publicParse = ({ unresolved: _unresolved, ...parsed }: SearchParse): PublicParse => parsed;

/**
 * The search (PRODUCT.md §4, issue 9): parse the query, apply the explicit filters the chips
 * send, find the page of instructors, their next open times, and, when nothing matches, the
 * same search with one constraint relaxed.
 */
export class SearchService {
  constructor(
    private readonly deps: {
      repository: SearchRepository;
      parser: SearchParser;
      clock: Clock;
      storage: StoragePort;
      recorder?: SearchEventRecorder | undefined;
    },
  ) {}

  async parse(q: string): Promise<{ parsed: PublicParse; needsLocation: boolean }> {
    const parsed = await this.deps.parser.parse(q);
    return { parsed: publicParse(parsed), needsLocation: parsed.location?.kind === 'near_me' };
  }

  async search(principal: Principal | null, input: SearchInput): Promise<SearchResult> {
    const started = performance.now();
    const { result, report } = await this.answer(input);
    this.report(principal, report, performance.now() - started);
    return result;
  }

  /**
   * The answer to a search, the same for every caller (so it can be cached: search.routes.ts),
   * with what its search event will say (`null` for next pages, which are not new searches).
   */
  async answer(input: SearchInput): Promise<{ result: SearchResult; report: SearchReport | null }> {
    if ((input.lat === undefined) !== (input.lng === undefined)) {
      throw invalid(input.lat === undefined ? 'query.lat' : 'query.lng', 'lat and lng go together: send both or neither');
    }
    const after = input.cursor ? this.decode(input.cursor, input.sort) : null;
    const plan = await this.plan(input);
    const { repository } = this.deps;
    const rows = plan.windows.length === 0 ? [] : await repository.page(plan.filter, input.sort, input.limit + 1, after);
    const pageRows = rows.slice(0, input.limit);
    const last = pageRows[pageRows.length - 1];
    const nextCursor = rows.length > input.limit && last ? encodeCursor([input.sort, last.sortKey, last.instructorId]) : null;
    const items = await this.items(pageRows, plan);
    const relaxations = items.length === 0 && !after ? await this.relaxations(plan) : [];
    const result: SearchResult = { parsed: publicParse(plan.parsed), needsLocation: plan.needsLocation, items, nextCursor, relaxations };
    const report: SearchReport | null = after
      ? null
      : {
          query: input.q,
          parsed: plan.parsed,
          resultCount: items.length,
          parser: plan.parsed.parser,
          unresolvedLocationWords: unresolvedLocationWords(input.q, plan.parsed.unresolved),
        };
    return { result, report };
  }

  /** Tells the recorder (history, alias learning, metrics) that `principal` searched: also when the answer came from a cache. */
  report(principal: Principal | null, report: SearchReport | null, latencyMs: number): void {
    if (!report) return;
    this.deps.recorder?.record({ ...report, userId: principal?.kind === 'user' ? principal.userId : null, latencyMs });
  }

  private decode(cursor: string, sort: SearchSort): { key: number; instructorId: string } {
    const [cursorSort, key, instructorId] = decodeCursor(cursor, CursorShape) as [SearchSort, number, string];
    if (cursorSort !== sort) throw invalid('query.cursor', `belongs to the ${cursorSort} sort, not ${sort}`);
    return { key, instructorId };
  }

  /** The parse with the explicit filters applied, and the query's filter. */
  private async plan(input: SearchInput): Promise<Plan> {
    const { repository, clock } = this.deps;
    const parsed: SearchParse = { ...(await this.deps.parser.parse(input.q)) };

    if (input.service !== undefined) {
      if (input.service === 'none') parsed.services = [];
      else {
        const service = await repository.serviceBySlug(input.service);
        if (!service) throw invalid('query.service', 'is not a service in the catalog');
        parsed.services = [{ slug: service.slug, name: service.name }];
      }
    }
    if (input.category !== undefined) {
      if (input.category === 'none') parsed.category = null;
      else {
        const category = await repository.categoryBySlug(input.category);
        if (!category) throw invalid('query.category', 'is not a category in the catalog');
        parsed.category = { slug: category.slug, name: category.name };
      }
    }
    if (input.neighborhood !== undefined) {
      if (input.neighborhood === 'none') parsed.location = null;
      else {
        const hood = await repository.neighborhood(input.neighborhood);
        if (!hood) throw invalid('query.neighborhood', 'is not a residential NYC neighborhood code (NTA 2020, e.g. BK0602)');
        parsed.location = { kind: 'neighborhood', name: hood.name, neighborhoods: [{ code: hood.code, name: hood.name }], borough: hood.borough };
      }
    }
    if (input.borough !== undefined) {
      parsed.location = input.borough === 'none' ? null : { kind: 'borough', name: input.borough, neighborhoods: [], borough: input.borough };
    }
    if (input.online === 'true') parsed.location = { kind: 'online', name: 'Online', neighborhoods: [], borough: null };
    if (input.priceMaxCents !== undefined) parsed.priceMaxCents = input.priceMaxCents === 'none' ? null : input.priceMaxCents;
    if (input.priceMinCents !== undefined) parsed.priceMinCents = input.priceMinCents === 'none' ? null : input.priceMinCents;
    if (input.from === 'none' || input.to === 'none') parsed.when = null;
    else if (input.from !== undefined || input.to !== undefined) {
      const when: SearchWhen = parsed.when ? { ...parsed.when } : { from: null, to: null, daysOfWeek: [], dayParts: [] };
      if (input.from !== undefined) when.from = new Date(input.from).toISOString();
      if (input.to !== undefined) when.to = new Date(input.to).toISOString();
      if (when.from && when.to && when.to <= when.from) throw invalid('query.to', 'must be after from');
      parsed.when = when;
    }
    if (input.lessonType !== undefined) parsed.lessonType = input.lessonType === 'none' ? null : input.lessonType;
    if (input.ageGroup !== undefined) parsed.ageGroup = input.ageGroup === 'none' ? null : input.ageGroup;
    if (input.level !== undefined) parsed.level = input.level === 'none' ? null : input.level;

    const hasPoint = input.lat !== undefined && input.lng !== undefined;
    // A browser location with no place in the words means "near me".
    if (hasPoint && parsed.location === null) parsed.location = { kind: 'near_me', name: 'Near me', neighborhoods: [], borough: null };

    const services = await repository.servicesBySlugs(parsed.services.map((service) => service.slug));
    const category = parsed.category ? await repository.categoryBySlug(parsed.category.slug) : undefined;
    const nowMs = clock.nowMs();
    const windows = searchWindows(parsed.when, nowMs);

    let place: SearchPlace | null = null;
    const location = parsed.location;
    if (location?.kind === 'near_me' && hasPoint) place = { kind: 'point', lat: input.lat!, lng: input.lng! };
    else if (location?.kind === 'neighborhood' || location?.kind === 'zip') place = { kind: 'areas', codes: location.neighborhoods.map((n) => n.code), borough: null };
    else if (location?.kind === 'borough') place = { kind: 'areas', codes: [], borough: location.borough ?? location.name };

    const onlineOnly = location?.kind === 'online' || parsed.lessonType === 'online';
    const lessonType = parsed.lessonType;
    const modes = onlineOnly
      ? { travel: false, studio: false, online: true }
      : {
          travel: lessonType !== 'instructor_location',
          studio: lessonType !== 'student_location',
          // Online is acceptable when the words ask for no place and no in-person lesson.
          online: lessonType === null && place === null,
        };
    const understood =
      parsed.services.length > 0 ||
      parsed.category !== null ||
      parsed.location !== null ||
      parsed.when !== null ||
      parsed.priceMaxCents !== null ||
      parsed.priceMinCents !== null ||
      parsed.ageGroup !== null ||
      parsed.level !== null ||
      parsed.lessonType !== null;
    const keywords = parsed.keywords.length > 0 ? parsed.keywords.join(' ') : null;

    return {
      parsed,
      needsLocation: location?.kind === 'near_me' && !hasPoint,
      windows,
      filter: {
        serviceIds: services.map((service) => service.id),
        // A named service the catalog no longer has must not widen the search to everything.
        categoryId: category?.id ?? (parsed.category || services.length < parsed.services.length ? 'none' : null),
        ageGroup: parsed.ageGroup,
        level: parsed.level,
        priceMinCents: parsed.priceMinCents,
        priceMaxCents: parsed.priceMaxCents,
        modes,
        travelLessonTypes: lessonType === 'student_location' ? ['student_location'] : ['student_location', 'neutral_location'],
        place,
        windows: windows.map(tstzrangeLiteral),
        keywords,
        keywordsFilter: keywords !== null && !understood,
        horizonMs: DEFAULT_HORIZON_DAYS * 24 * HOUR_MS,
      },
    };
  }

  private async items(rows: SearchRow[], plan: Plan): Promise<SearchItem[]> {
    const { repository, storage } = this.deps;
    const free = await repository.freeRanges(
      rows.map((row) => row.instructorId),
      plan.filter.windows,
    );
    const freeOf = new Map<string, Interval[]>();
    for (const range of free) {
      const list = freeOf.get(range.instructorId) ?? [];
      list.push({ start: range.startMs, end: range.endMs });
      freeOf.set(range.instructorId, list);
    }
    return Promise.all(
      rows.map(async (row) => ({
        instructor: {
          id: row.instructorId,
          name: row.displayName,
          headline: row.headline,
          photoUrl: (await photoUrls(storage, row.photoKey))?.small ?? null,
          founding: row.isFounding,
        },
        service: { id: row.serviceId, slug: row.serviceSlug, name: row.serviceName, hourlyCents: row.hourlyCents },
        serves: [
          ...(row.travel ? [{ mode: 'travel' as const, distanceMeters: plan.filter.place ? 0 : null }] : []),
          ...(row.studio ? [{ mode: 'studio' as const, distanceMeters: plan.filter.place ? row.distanceMeters : null }] : []),
          ...(row.online ? [{ mode: 'online' as const, distanceMeters: null }] : []),
        ],
        distanceMeters: row.distanceMeters,
        nextStarts: nextStarts(freeOf.get(row.instructorId) ?? [], plan.windows, row.durations, row.preferredMinutes),
      })),
    );
  }

  private count(filter: SearchFilter): Promise<number> {
    return filter.windows.length === 0 ? Promise.resolve(0) : this.deps.repository.count(filter, RELAXATION_COUNT_CAP);
  }

  /**
   * The same search with one constraint relaxed, each with how many it would find (issue 9
   * item 5). The kinds are independent, so their counts run at once.
   */
  private async relaxations(plan: Plan): Promise<Relaxation[]> {
    const kinds = await Promise.all([this.nearby(plan), this.later(plan), this.higherPrice(plan), this.online(plan)]);
    return kinds.flat();
  }

  /** Neighborhoods touching (or within 500 m of) the named ones: the two with the most. */
  private async nearby({ filter }: Plan): Promise<Relaxation[]> {
    if (filter.place?.kind !== 'areas' || filter.place.codes.length === 0) return [];
    const nearby = await this.deps.repository.nearbyNeighborhoods(filter.place.codes, NEARBY_METERS, NEARBY_CANDIDATES);
    const counted = await Promise.all(
      nearby.map(async (hood) => ({ hood, count: await this.count({ ...filter, place: { kind: 'areas', codes: [hood.code], borough: null } }) })),
    );
    return counted
      .filter((entry) => entry.count > 0)
      .sort((a, b) => b.count - a.count || a.hood.code.localeCompare(b.hood.code))
      .slice(0, NEARBY_SHOWN)
      .map(({ hood, count }) => ({ kind: 'nearby', label: `${count} in ${hood.name}`, count, params: { neighborhood: hood.code } }));
  }

  /** The first of the next days with anyone, same day parts. */
  private async later({ filter, parsed, windows }: Plan): Promise<Relaxation[]> {
    const nowMs = this.deps.clock.nowMs();
    const windowEnd = windows.length > 0 ? windows[windows.length - 1]!.end : nowMs;
    const days = laterDays(parsed.when, windowEnd);
    const laterWindows = days.flatMap((day) => searchWindows(day.when, nowMs));
    if (laterWindows.length === 0) return [];
    const first = await this.deps.repository.firstDay({ ...filter, windows: laterWindows.map(tstzrangeLiteral) });
    const day = first && days.find((candidate) => candidate.date === first.date);
    if (!first || !day) return [];
    const count = Math.min(first.count, RELAXATION_COUNT_CAP);
    return [{ kind: 'later', label: `${count} ${dayLabel(day.date, nowMs)}`, count, params: { from: day.when.from!, to: day.when.to! } }];
  }

  /** A higher price limit: +25% or +50%, else the cheapest price that finds someone. */
  private async higherPrice({ filter, windows }: Plan): Promise<Relaxation[]> {
    if (filter.priceMaxCents === null || windows.length === 0) return [];
    const limits = higherPriceLimits(filter.priceMaxCents);
    const counts = await this.deps.repository.countUnderPrices({ ...filter, priceMaxCents: limits[limits.length - 1]! }, limits, RELAXATION_COUNT_CAP);
    const first = counts.findIndex((count) => count > 0);
    const price = (limit: number, count: number): Relaxation => ({
      kind: 'price',
      label: `${count} up to ${dollars(limit)}`,
      count,
      params: { priceMaxCents: String(limit) },
    });
    if (first >= 0) return [price(limits[first]!, counts[first]!)];
    const [cheapest] = await this.deps.repository.page({ ...filter, priceMaxCents: null }, 'price', 1, null);
    if (!cheapest) return [];
    return [price(cheapest.hourlyCents, await this.count({ ...filter, priceMaxCents: cheapest.hourlyCents }))];
  }

  /** Online lessons, when the search asked for in person only. */
  private async online({ filter }: Plan): Promise<Relaxation[]> {
    if (filter.modes.online) return [];
    const count = await this.count({ ...filter, place: null, modes: { travel: false, studio: false, online: true } });
    return count > 0 ? [{ kind: 'online', label: `${count} online`, count, params: { online: 'true' } }] : [];
  }
}
