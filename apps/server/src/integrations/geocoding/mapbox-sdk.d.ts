// Types for the parts of @mapbox/mapbox-sdk (plain JavaScript, untyped) that mapbox.ts uses.
declare module '@mapbox/mapbox-sdk/lib/classes/mapi-client.js' {
  import type { MapiRequest, MapiResponse } from '@mapbox/mapbox-sdk/lib/classes/mapi-request.js';
  export default class MapiClient {
    constructor(options: { accessToken: string; origin?: string });
    readonly accessToken: string;
    readonly origin: string;
    sendRequest(request: MapiRequest): Promise<MapiResponse>;
    abortRequest(request: MapiRequest): void;
  }
}

declare module '@mapbox/mapbox-sdk/lib/classes/mapi-request.js' {
  export interface MapiResponse {
    statusCode: number;
    body: unknown;
  }
  export interface MapiRequest {
    readonly id: number;
    readonly method: string;
    readonly headers: Record<string, string>;
    readonly aborted: boolean;
    url(accessToken?: string): string;
    send(): Promise<MapiResponse>;
    abort(): void;
  }
}

declare module '@mapbox/mapbox-sdk/lib/classes/mapi-response.js' {
  import type { MapiRequest, MapiResponse } from '@mapbox/mapbox-sdk/lib/classes/mapi-request.js';
  const MapiResponseClass: new (request: MapiRequest, data: { body: string; headers: Record<string, string>; statusCode: number }) => MapiResponse;
  export default MapiResponseClass;
}

declare module '@mapbox/mapbox-sdk/lib/classes/mapi-error.js' {
  import type { MapiRequest } from '@mapbox/mapbox-sdk/lib/classes/mapi-request.js';
  export default class MapiError {
    constructor(options: { request: MapiRequest; body?: string; statusCode?: number; type?: string });
    readonly message: string | null;
    readonly type: string;
    readonly statusCode: number | null;
    readonly body: unknown;
  }
}

declare module '@mapbox/mapbox-sdk/services/geocoding-v6.js' {
  import type MapiClient from '@mapbox/mapbox-sdk/lib/classes/mapi-client.js';
  import type { MapiRequest } from '@mapbox/mapbox-sdk/lib/classes/mapi-request.js';
  export interface ForwardGeocodeConfig {
    query: string;
    countries?: string[];
    bbox?: [number, number, number, number];
    types?: string[];
    autocomplete?: boolean;
    limit?: number;
    permanent?: boolean;
  }
  export default function geocodingV6(client: MapiClient): { forwardGeocode(config: ForwardGeocodeConfig): MapiRequest };
}
