import { describe, expect, it } from 'vitest';
import { GazetteerGeocoder, normalizePlaceText } from './gazetteer.ts';

describe('offline NYC gazetteer', () => {
  const gazetteer = GazetteerGeocoder.fromFile();
  const find = (address: string) => gazetteer.geocode(address);

  it('places an address at its ZIP code first', async () => {
    expect(await find('123 7th Avenue, Park Slope, Brooklyn, NY 11215')).toEqual({
      lat: 40.66252,
      lng: -73.98688,
      formattedAddress: '11215, Brooklyn, NY',
      provider: 'gazetteer',
      precision: 'postcode',
    });
    // ZIP+4, and a small ZIP that shares its area's point (11249 is in MODZCTA 11211).
    expect(await find('Wythe Ave, Brooklyn NY 11249-1234')).toMatchObject({ precision: 'postcode', formattedAddress: '11249, Brooklyn, NY', lat: 40.71242 });
  });

  it('takes the last known ZIP, so a 5-digit house number is not read as one', async () => {
    expect(await find('10024 Main Street, New York, NY 10001')).toMatchObject({ precision: 'postcode', formattedAddress: '10001, Manhattan, NY' });
    expect(await find('12345 Somewhere Road, 10024')).toMatchObject({ formattedAddress: '10024, Manhattan, NY' });
  });

  it('ignores ZIP codes outside the city and falls back to the place names', async () => {
    expect(await find('Park Slope, 90210')).toMatchObject({ precision: 'neighborhood', formattedAddress: 'Park Slope, Brooklyn, NY' });
  });

  it('finds neighborhoods by name or alias, whatever the case and punctuation', async () => {
    expect(await find('park slope')).toEqual({
      lat: 40.67183,
      lng: -73.97976,
      formattedAddress: 'Park Slope, Brooklyn, NY',
      provider: 'gazetteer',
      precision: 'neighborhood',
    });
    expect(await find('PARK-SLOPE!!')).toMatchObject({ formattedAddress: 'Park Slope, Brooklyn, NY' });
    expect(await find('studio in Hells Kitchen')).toMatchObject({ formattedAddress: "Hell's Kitchen, Manhattan, NY" });
    expect(await find('Dumbo, Brooklyn')).toMatchObject({ formattedAddress: 'Downtown Brooklyn-DUMBO-Boerum Hill, Brooklyn, NY' });
    expect(await find('bedford stuyvesant')).toMatchObject({ formattedAddress: 'Bedford-Stuyvesant (West), Brooklyn, NY' });
    expect(await find('Co-op City, The Bronx')).toMatchObject({ formattedAddress: 'Co-op City, Bronx, NY', lat: 40.87231 });
  });

  it('prefers the borough named in the address, the longer name, then an exact name over an alias', async () => {
    expect(await find('Murray Hill, Queens')).toMatchObject({ formattedAddress: 'Murray Hill-Broadway Flushing, Queens, NY' });
    expect(await find('Murray Hill, Manhattan')).toMatchObject({ formattedAddress: 'Murray Hill-Kips Bay, Manhattan, NY' });
    expect(await find('East Flatbush')).toMatchObject({ formattedAddress: 'East Flatbush-Erasmus, Brooklyn, NY' });
    expect(await find('Flatbush, Brooklyn')).toMatchObject({ formattedAddress: 'Flatbush, Brooklyn, NY' });
    expect(await find('Woodside')).toMatchObject({ formattedAddress: 'Woodside, Queens, NY' });
    // A neighborhood whose name contains a borough's is still the neighborhood.
    expect(await find('Queens Village')).toMatchObject({ precision: 'neighborhood', formattedAddress: 'Queens Village, Queens, NY' });
  });

  it('does not read street names as places', async () => {
    expect(await find('860 Flatbush Ave, Brooklyn')).toMatchObject({ precision: 'borough', formattedAddress: 'Brooklyn, NY' });
    expect(await find('Manhattan Avenue, Brooklyn')).toMatchObject({ precision: 'borough', formattedAddress: 'Brooklyn, NY' });
    expect(await find('Queens Blvd')).toBeNull();
  });

  it('falls back to the borough, by name or alias', async () => {
    expect(await find('somewhere in brooklyn')).toEqual({
      lat: expect.any(Number),
      lng: expect.any(Number),
      formattedAddress: 'Brooklyn, NY',
      provider: 'gazetteer',
      precision: 'borough',
    });
    expect(await find('The Bronx')).toMatchObject({ formattedAddress: 'Bronx, NY' });
    expect(await find('Richmond County')).toMatchObject({ formattedAddress: 'Staten Island, NY' });
  });

  it('answers null when nothing matches', async () => {
    expect(await find('')).toBeNull();
    expect(await find('   ')).toBeNull();
    expect(await find('1600 Pennsylvania Avenue, Washington DC 20500')).toBeNull();
    // Whole words only: "Parkslope" is not "Park Slope", "Brooklynite" is not "Brooklyn".
    expect(await find('Parkslope Brooklynite')).toBeNull();
  });

  it('normalizes text to lowercase ASCII words', () => {
    expect(normalizePlaceText("  Hell's Kitchen—Clinton, NY ")).toBe('hells kitchen clinton ny');
    expect(normalizePlaceText('Nolita & Little Italy')).toBe('nolita and little italy');
    expect(normalizePlaceText('Bedford–Stuyvesant')).toBe('bedford stuyvesant');
    expect(normalizePlaceText('Café')).toBe('cafe');
  });
});
