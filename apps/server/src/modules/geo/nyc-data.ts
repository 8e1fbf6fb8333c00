import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The NYC data shipped with the server (apps/server/data/nyc, see SOURCE.md there): read from
 * the repository at run time, never from outside it.
 */
export const NYC_DATA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../data/nyc');
export const NEIGHBORHOODS_FILE = path.join(NYC_DATA_DIR, 'neighborhoods.geojson');
