import type { ColumnType, Generated } from 'kysely';

/**
 * Tables of migration 0007_instructors.sql. `studioLocation` is a PostGIS point: it is written
 * with st_makepoint and read with st_x / st_y in sql fragments, never raw.
 */
export type ProfileStatus = 'draft' | 'published';

export interface InstructorProfilesTable {
  userId: string;
  displayName: string;
  headline: Generated<string>;
  bio: Generated<string>;
  yearsExperience: number | null;
  languages: Generated<string[]>;
  ageGroups: Generated<string[]>;
  levels: Generated<string[]>;
  photoKey: string | null;
  travelsToStudents: Generated<boolean>;
  teachesAtStudio: Generated<boolean>;
  teachesOnline: Generated<boolean>;
  studioAddress: string | null;
  studioLocation: ColumnType<string | null, string | null | undefined, string | null>;
  status: Generated<ProfileStatus>;
  publishedAt: Date | null;
  approvedAt: Date | null;
  approvedBy: string | null;
  approvedByClient: string | null;
  isFounding: Generated<boolean>;
  foundingNumber: number | null;
  createdAt: ColumnType<Date, Date | undefined, never>;
  updatedAt: ColumnType<Date, Date | undefined, Date>;
}

export interface InstructorServicesTable {
  instructorId: string;
  serviceId: string;
  lessonTypes: string[];
  createdAt: ColumnType<Date, Date | undefined, never>;
  updatedAt: ColumnType<Date, Date | undefined, Date>;
}

export interface InstructorServiceRatesTable {
  instructorId: string;
  serviceId: string;
  durationMinutes: number;
  rateCents: number;
}

export interface FoundingInstructorCounterTable {
  singleton: Generated<boolean>;
  issued: number;
}

export interface InstructorsTables {
  instructorProfiles: InstructorProfilesTable;
  instructorServices: InstructorServicesTable;
  instructorServiceRates: InstructorServiceRatesTable;
  foundingInstructorCounter: FoundingInstructorCounterTable;
}
