import { useEffect, useRef, useState } from 'react';
import { MapPinIcon } from '../../components/icons/icons';
import { NeighborhoodPicker } from './NeighborhoodPicker';

type Status = 'asking' | 'denied' | 'unavailable';

/**
 * "near me" without a point: asks the browser for the visitor's location once and reruns the
 * search with it. Refused or impossible, it says so and offers a neighborhood instead.
 */
export function NearMePanel({ onChange }: { onChange: (changes: Record<string, string | null>) => void }) {
  const [status, setStatus] = useState<Status>('asking');
  const asked = useRef(false);

  useEffect(() => {
    if (asked.current) return;
    asked.current = true;
    if (!('geolocation' in navigator)) {
      setStatus('unavailable');
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (position) => onChange({ lat: position.coords.latitude.toFixed(5), lng: position.coords.longitude.toFixed(5) }),
      (error) => setStatus(error.code === error.PERMISSION_DENIED ? 'denied' : 'unavailable'),
      { timeout: 10_000, maximumAge: 5 * 60_000 },
    );
  }, [onChange]);

  return (
    <section aria-labelledby="near-me-title" className="rounded-2xl border border-amber-200 bg-amber-50 p-4 text-amber-950">
      <h2 id="near-me-title" className="flex items-center gap-2 font-semibold">
        <MapPinIcon className="h-4 w-4" />
        Near you
      </h2>
      {status === 'asking' ? (
        <p role="status" className="mt-1 text-sm">
          Asking your browser where you are, to find instructors near you…
        </p>
      ) : (
        <>
          <p role="alert" className="mt-1 text-sm">
            {status === 'denied'
              ? 'Your browser did not share your location, so we cannot tell what is near you. Choose your neighborhood instead.'
              : 'Your location is not available right now. Choose your neighborhood instead.'}
          </p>
          <div className="mt-3 max-w-sm">
            <NeighborhoodPicker label="Your neighborhood" current="" onPick={(code) => onChange({ neighborhood: code, borough: null, online: null, lat: null, lng: null })} />
          </div>
        </>
      )}
    </section>
  );
}
