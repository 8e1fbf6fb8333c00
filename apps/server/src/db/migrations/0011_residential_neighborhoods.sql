-- Service areas offer only places where people live (issue 8, §4). DCP classifies each NTA
-- (ntaTypeCode): 0 residential, 5 Rikers Island, 6 special use (Navy Yard, UN, Sunnyside
-- Yards, forts), 7 cemetery, 8 airport, 9 park. 197 of the 262 are residential. The rule
-- "residential" is stated here once, as a column derived from the type, so queries and the
-- map read the same answer.

alter table neighborhoods
  add constraint neighborhoods_nta_type_known
  check (nta_type in ('residential', 'rikers_island', 'special_use', 'cemetery', 'airport', 'park'));

alter table neighborhoods
  add column residential boolean generated always as (nta_type = 'residential') stored;

-- Service areas chosen before the rule existed named parks, cemeteries and airports; they
-- go (the coverage triggers of 0008 recompute those instructors' unions). The neighborhoods
-- sync does the same if a later release reclassifies an NTA.
delete from instructor_service_areas a
 using neighborhoods n
 where n.id = a.neighborhood_id and not n.residential;
