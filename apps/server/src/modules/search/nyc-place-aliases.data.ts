/**
 * Names New Yorkers use for places that are not NTA names (nor the aliases the gazetteer derives
 * from them): "the slope", "UWS", "LIC", "Bed-Stuy". Each maps to every residential NTA it
 * covers, so a search for "Williamsburg" also finds instructors who serve South and East
 * Williamsburg. Hand-written (our judgement, not City data); the nightly alias job of PRODUCT.md
 * §4 will add learned ones elsewhere. A phrase here replaces the gazetteer's groups for the same
 * phrase in the same borough; groups in other boroughs stay as second choices ("Murray Hill,
 * Queens").
 */
export interface PlaceAlias {
  /** Shown on the location chip. */
  name: string;
  /** What people type; normalized by the vocabulary (case, accents, punctuation, plurals). */
  phrases: string[];
  /** Residential NTA codes (neighborhoods.geojson); checked by a test. */
  codes: string[];
}

export const NYC_PLACE_ALIASES: readonly PlaceAlias[] = [
  // Manhattan
  { name: 'Upper West Side', phrases: ['uws', 'upper west side', 'upper west'], codes: ['MN0701', 'MN0702', 'MN0703'] },
  { name: 'Upper East Side', phrases: ['ues', 'upper east side', 'upper east'], codes: ['MN0801', 'MN0802', 'MN0803'] },
  { name: 'Lower East Side', phrases: ['les'], codes: ['MN0302'] },
  { name: 'Financial District', phrases: ['fidi', 'wall street'], codes: ['MN0101'] },
  { name: 'Greenwich Village', phrases: ['the village', 'greenwich village'], codes: ['MN0202'] },
  { name: 'East Village', phrases: ['alphabet city'], codes: ['MN0303'] },
  { name: "Hell's Kitchen", phrases: ['hells kitchen', 'clinton', 'midtown west'], codes: ['MN0402'] },
  { name: 'Nolita', phrases: ['nolita'], codes: ['MN0201'] },
  { name: 'NoMad', phrases: ['nomad'], codes: ['MN0501'] },
  { name: 'Stuyvesant Town', phrases: ['stuy town', 'stuytown'], codes: ['MN0601'] },
  { name: 'Midtown East', phrases: ['midtown east'], codes: ['MN0604'] },
  { name: 'Murray Hill', phrases: ['murray hill'], codes: ['MN0603'] },
  { name: 'Washington Heights', phrases: ['wahi', 'wash heights'], codes: ['MN1201', 'MN1202'] },
  { name: 'Morningside Heights', phrases: ['morningside'], codes: ['MN0901'] },
  { name: 'Harlem', phrases: ['harlem', 'central harlem'], codes: ['MN1001', 'MN1002'] },
  { name: 'Spanish Harlem', phrases: ['spanish harlem', 'el barrio'], codes: ['MN1101', 'MN1102'] },
  {
    name: 'Upper Manhattan',
    phrases: ['upper manhattan'],
    codes: ['MN0901', 'MN0902', 'MN0903', 'MN1001', 'MN1002', 'MN1101', 'MN1102', 'MN1201', 'MN1202', 'MN1203'],
  },
  { name: 'Lower Manhattan', phrases: ['lower manhattan'], codes: ['MN0101', 'MN0102', 'MN0201', 'MN0301', 'MN0302'] },
  {
    name: 'Central Park',
    phrases: ['central park'],
    codes: ['MN0701', 'MN0702', 'MN0703', 'MN0801', 'MN0802', 'MN0803', 'MN1001'],
  },
  // Brooklyn
  { name: 'Park Slope', phrases: ['the slope', 'park slope', 'parkslope'], codes: ['BK0602'] },
  { name: 'Williamsburg', phrases: ['williamsburg', 'billyburg', 'wburg', 'willyburg'], codes: ['BK0102', 'BK0103', 'BK0104'] },
  { name: 'Bed-Stuy', phrases: ['bed stuy', 'bedstuy', 'bedford stuyvesant', 'bedford'], codes: ['BK0301', 'BK0302'] },
  { name: 'BoCoCa', phrases: ['bococa'], codes: ['BK0601', 'BK0202'] },
  { name: 'Prospect Lefferts Gardens', phrases: ['plg', 'lefferts gardens'], codes: ['BK0902'] },
  {
    name: 'Prospect Park',
    phrases: ['prospect park'],
    codes: ['BK0602', 'BK0701', 'BK0801', 'BK0902', 'BK1402'],
  },
  { name: 'Flatbush', phrases: ['flatbush'], codes: ['BK1401', 'BK1402'] },
  // Queens
  { name: 'Long Island City', phrases: ['lic', 'long island city'], codes: ['QN0201', 'QN0105'] },
  { name: 'Astoria', phrases: ['astoria'], codes: ['QN0101', 'QN0102', 'QN0103', 'QN0104'] },
  { name: 'The Rockaways', phrases: ['rockaway', 'the rockaways', 'rockaways'], codes: ['QN1401', 'QN1402', 'QN1403'] },
  // Bronx
  { name: 'South Bronx', phrases: ['south bronx'], codes: ['BX0101', 'BX0102', 'BX0201', 'BX0202', 'BX0301'] },
];

/** Other names of the boroughs (the gazetteer has "The Bronx", "Kings County", …). */
export const BOROUGH_ALIASES: Readonly<Record<string, readonly string[]>> = {
  Manhattan: ['manhatten', 'nyc manhattan'],
  Brooklyn: ['bk', 'bklyn'],
  Bronx: ['bx'],
  Queens: ['qns'],
  'Staten Island': ['si', 'staten', 'staten isl'],
};

/**
 * ZIPs whose gazetteer point lies outside every residential NTA and whose nearest one by the
 * rule in search-vocabulary.ts is wrong: 10464's point is in Pelham Bay Park, but the people of
 * 10464 live on City Island.
 */
export const NYC_ZIP_OVERRIDES: Readonly<Record<string, readonly string[]>> = {
  '10464': ['BX1003'],
};
