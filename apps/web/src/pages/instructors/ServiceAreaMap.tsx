import { useQuery } from '@tanstack/react-query';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef } from 'react';
import { neighborhoodsByCodesQuery, type NeighborhoodCollection } from '../instructor/api';

const otherStyle: L.PathOptions = { color: '#cbd5e1', weight: 0.5, fillColor: '#f1f5f9', fillOpacity: 0.8 };
const servedStyle: L.PathOptions = { color: '#3730a3', weight: 1.5, fillColor: '#6366f1', fillOpacity: 0.55 };
const NEW_YORK: L.LatLngExpression = [40.7128, -74.006];
const studioStyle: L.CircleOptions = { color: '#b45309', weight: 2, fillColor: '#f59e0b', fillOpacity: 0.35 };

interface Studio {
  approximateLocation: { lat: number; lng: number };
  radiusMeters: number;
}

/**
 * Where an instructor teaches, for students: the neighborhoods served filled in, and the
 * studio as a circle around its jittered point (never the address). Drawn on a plain
 * background: no tile server. Only the neighborhoods served are fetched and drawn. The lists
 * beside it carry the same facts for screen readers.
 */
export function ServiceAreaMap({ served, studio, label }: { served: ReadonlyArray<{ code: string }>; studio: Studio | null; label: string }) {
  const codes = served.map((n) => n.code);
  const neighborhoods = useQuery({ ...neighborhoodsByCodesQuery(codes), enabled: codes.length > 0 });
  if (codes.length > 0 && !neighborhoods.data) return <div aria-hidden="true" className="h-72 w-full animate-pulse rounded-xl bg-slate-100" />;
  return <MapCanvas data={neighborhoods.data ?? EMPTY} served={new Set(codes)} studio={studio} label={label} />;
}

const EMPTY: NeighborhoodCollection = { type: 'FeatureCollection', features: [] };

function MapCanvas({ data, served, studio, label }: { data: NeighborhoodCollection; served: ReadonlySet<string>; studio: Studio | null; label: string }) {
  const containerRef = useRef<HTMLDivElement>(null);
  const servedKey = [...served].sort().join(',');

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    // A view before any layer: layers added to a map without one are only half set up.
    // No keyboard panning: the map only illustrates the lists beside it, so it is not a tab stop.
    const map = L.map(container, { attributionControl: false, zoomSnap: 0.25, scrollWheelZoom: false, keyboard: false }).setView(NEW_YORK, 10);
    const bounds = L.latLngBounds([]);
    L.geoJSON(data as unknown as GeoJSON.FeatureCollection, {
      style: (feature) => (served.has(feature?.properties.code) ? servedStyle : otherStyle),
      onEachFeature: (feature, layer) => {
        const { code, name, borough } = feature.properties as { code: string; name: string; borough: string };
        layer.bindTooltip(`${name} (${borough})`, { sticky: true });
        if (served.has(code)) {
          (layer as L.Path).options.className = `served-${code}`;
          bounds.extend((layer as L.Polygon).getBounds());
        }
      },
    }).addTo(map);
    if (studio) {
      const { lat, lng } = studio.approximateLocation;
      L.circle([lat, lng], { ...studioStyle, radius: studio.radiusMeters, className: 'studio-area' })
        .bindTooltip('Studio (approximate area)')
        .addTo(map);
      // From the point, not the circle: a circle knows its bounds only once the map has a view.
      bounds.extend(L.latLng(lat, lng).toBounds(studio.radiusMeters * 2));
    }
    if (bounds.isValid()) map.fitBounds(bounds.pad(0.3), { maxZoom: 13, animate: false });
    return () => {
      map.remove();
    };
    // servedKey stands for `served`, a new Set on every render: redraw only when its contents change.
  }, [data, servedKey, studio]);

  return (
    <div
      ref={containerRef}
      data-testid="public-service-area-map"
      // A named region, not aria-hidden: it holds Leaflet's zoom buttons, which are focusable.
      role="region"
      aria-label={label}
      className="h-72 w-full rounded-xl border border-slate-200"
      style={{ background: '#f8fafc' }}
    />
  );
}
