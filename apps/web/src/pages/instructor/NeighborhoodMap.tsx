import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef } from 'react';
import type { NeighborhoodCollection } from './api';

const baseStyle: L.PathOptions = { color: '#64748b', weight: 1, fillColor: '#e2e8f0', fillOpacity: 0.6 };
const selectedStyle: L.PathOptions = { color: '#3730a3', weight: 2, fillColor: '#6366f1', fillOpacity: 0.65 };

/**
 * The neighborhoods drawn on a plain background (no tiles, no network); a click toggles one.
 * Mouse-only: the checkbox list beside it is the accessible way to choose.
 */
export function NeighborhoodMap({
  data,
  selected,
  onToggle,
}: {
  data: NeighborhoodCollection;
  selected: ReadonlySet<string>;
  onToggle: (code: string) => void;
}) {
  const containerRef = useRef<HTMLDivElement>(null);
  const layersRef = useRef(new Map<string, L.Path>());
  const toggleRef = useRef(onToggle);
  toggleRef.current = onToggle;
  const selectedRef = useRef(selected);
  selectedRef.current = selected;

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const map = L.map(container, { attributionControl: false, zoomSnap: 0.25, preferCanvas: false });
    const layers = layersRef.current;
    const geo = L.geoJSON(data as unknown as GeoJSON.FeatureCollection, {
      style: (feature) => (selectedRef.current.has(feature?.properties.code) ? selectedStyle : baseStyle),
      onEachFeature: (feature, layer) => {
        const { code, name, borough } = feature.properties as { code: string; name: string; borough: string };
        layers.set(code, layer as L.Path);
        layer.bindTooltip(`${name} (${borough})`, { sticky: true });
        layer.on('click', () => toggleRef.current(code));
        (layer as L.Path).options.className = `neighborhood-${code}`;
      },
    }).addTo(map);
    map.fitBounds(geo.getBounds());
    return () => {
      map.remove();
      layers.clear();
    };
  }, [data]);

  useEffect(() => {
    for (const [code, layer] of layersRef.current) layer.setStyle(selected.has(code) ? selectedStyle : baseStyle);
  }, [selected]);

  return (
    <div
      ref={containerRef}
      data-testid="service-area-map"
      // A named region, not aria-hidden: it holds Leaflet's zoom buttons, which are focusable.
      role="region"
      aria-label="Map of New York neighborhoods: click one to choose it (the list beside the map does the same)"
      className="h-96 w-full rounded-xl border border-slate-200"
      style={{ background: '#f8fafc' }}
    />
  );
}
