import type { Principal } from '../../platform/auth/principal.ts';
import type { Db } from '../../platform/db/database.ts';
import { notFound, type FieldError } from '../../platform/errors.ts';
import { requireProfileOwner } from './instructor-access.ts';
import { refuseIfPublishedWouldBreak, validationError } from './instructor-errors.ts';
import type { CatalogServiceRow, InstructorsRepository } from './instructors.repository.ts';
import { floorsOf } from './instructor-views.ts';
import type { OwnProfileReader, OwnProfileView } from './own-profile-view.ts';
import { pricingProblems, type RateInput, type ServiceOffer } from './pricing.policy.ts';
import { inVocabularyOrder, LESSON_TYPES, lessonTypeProblem, type LessonType, type LocationCapabilities } from './profile.policy.ts';

export interface ServiceOfferInput {
  serviceId: string;
  lessonTypes: LessonType[];
  rates: RateInput[];
}

const NO_CAPABILITIES: LocationCapabilities = { travelsToStudents: false, teachesAtStudio: false, teachesOnline: false };

/** The services an instructor teaches, with lesson types and a price per lesson length (PRODUCT.md §2). */
export class InstructorServicesService {
  constructor(
    private readonly deps: {
      db: Db;
      repository: InstructorsRepository;
      reader: OwnProfileReader;
    },
  ) {}

  /** Replaces the whole list; every problem is reported at once, each at its own field. */
  async replace(principal: Principal | null | undefined, input: { services: ServiceOfferInput[] }): Promise<OwnProfileView> {
    const userId = requireProfileOwner(principal);
    const { repository, reader, db } = this.deps;
    const [catalog, profile, account] = await Promise.all([
      repository.findCatalogServices([...new Set(input.services.map((service) => service.serviceId))]),
      repository.findProfile(userId),
      repository.findAccountName(userId),
    ]);
    if (!account) throw notFound('Account');
    const byId = new Map<string, CatalogServiceRow>(catalog.map((service) => [service.id, service]));
    const capabilities = profile ?? NO_CAPABILITIES;

    const errors: FieldError[] = [];
    const seen = new Set<string>();
    const offers: Array<{ input: ServiceOfferInput; lessonTypes: LessonType[]; offer: ServiceOffer }> = [];
    input.services.forEach((service, index) => {
      const at = `body.services.${index}`;
      const entry = byId.get(service.serviceId);
      if (!entry) {
        errors.push({ field: `${at}.serviceId`, reason: 'is not a service in the catalog' });
        return;
      }
      if (seen.has(service.serviceId)) {
        errors.push({ field: `${at}.serviceId`, reason: `${entry.name} is listed twice` });
        return;
      }
      seen.add(service.serviceId);
      const lessonTypes = inVocabularyOrder(service.lessonTypes, LESSON_TYPES);
      service.lessonTypes.forEach((type, typeIndex) => {
        const problem = lessonTypeProblem(type, capabilities);
        if (problem) errors.push({ field: `${at}.lessonTypes.${typeIndex}`, reason: `${entry.name}: ${problem}` });
      });
      const offer: ServiceOffer = {
        serviceName: entry.name,
        categoryName: entry.categoryName,
        allowedDurations: entry.durations,
        floors: floorsOf(entry),
        lessonTypes,
        rates: service.rates,
      };
      for (const problem of pricingProblems(offer)) errors.push({ field: `${at}.${problem.path}`, reason: problem.reason });
      offers.push({ input: service, lessonTypes, offer });
    });
    if (errors.length > 0) throw validationError(errors);

    await db.transaction().execute(async (tx) => {
      await repository.ensureProfile(userId, account.name, tx);
      const locked = await repository.lockProfile(userId, tx);
      if (locked?.status === 'published') {
        const { checklist } = await reader.state(userId, { executor: tx, signals: false, overrides: { services: offers.map(({ offer }) => offer) } });
        refuseIfPublishedWouldBreak(locked, checklist.items, ['services']);
      }
      await repository.deleteServices(userId, tx);
      await repository.insertServices(
        offers.map(({ input: service, lessonTypes }) => ({ instructorId: userId, serviceId: service.serviceId, lessonTypes })),
        tx,
      );
      await repository.insertRates(
        offers.flatMap(({ input: service }) =>
          service.rates.map((rate) => ({ instructorId: userId, serviceId: service.serviceId, durationMinutes: rate.durationMinutes, rateCents: rate.rateCents })),
        ),
        tx,
      );
    });
    return reader.view(userId);
  }
}
