import { useEffect, useId, useRef, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { logOut } from '../auth/session';
import { useCan } from '../auth/useSession';
import { PAYMENT_METHODS_PERMISSION } from '../api/paymentMethods';
import { BOOKINGS_READ_PERMISSION } from '../api/bookings';

/**
 * The signed-in user's name as a disclosure button that opens Account and Log out.
 * Closes on Escape (focus back on the button), outside clicks and navigation.
 */
export function UserMenu({ name, isInstructor = false }: { name: string; isInstructor?: boolean }) {
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const navigate = useNavigate();
  const location = useLocation();
  const paysForLessons = useCan(PAYMENT_METHODS_PERMISSION);
  const hasLessons = useCan(BOOKINGS_READ_PERMISSION);

  useEffect(() => setOpen(false), [location.pathname]);

  useEffect(() => {
    if (!open) return;
    function onPointerDown(event: PointerEvent) {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    }
    function onKeyDown(event: KeyboardEvent) {
      if (event.key === 'Escape') {
        setOpen(false);
        buttonRef.current?.focus();
      }
    }
    document.addEventListener('pointerdown', onPointerDown);
    document.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown);
      document.removeEventListener('keydown', onKeyDown);
    };
  }, [open]);

  async function onLogOut() {
    setOpen(false);
    await logOut();
    await navigate('/');
  }

  const itemClass = 'block w-full rounded-md px-3 py-2 text-left text-sm font-medium text-slate-800 hover:bg-slate-100';

  return (
    <div ref={rootRef} className="relative">
      <button
        ref={buttonRef}
        type="button"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen((v) => !v)}
        className="flex items-center gap-2 rounded-lg border border-slate-300 bg-white px-3 py-1.5 font-semibold text-slate-800 hover:bg-slate-50"
      >
        <span
          aria-hidden="true"
          className="grid h-7 w-7 place-items-center rounded-full bg-indigo-100 text-sm font-bold text-indigo-800"
        >
          {name.trim().charAt(0).toUpperCase() || '?'}
        </span>
        <span className="max-w-40 truncate">{name}</span>
        <span aria-hidden="true" className="text-xs text-slate-500">
          ▾
        </span>
      </button>
      <div
        id={menuId}
        hidden={!open}
        className="absolute right-0 z-20 mt-2 w-48 rounded-xl border border-slate-200 bg-white p-1.5 shadow-lg"
      >
        <ul>
          <li>
            <Link to="/account" className={itemClass}>
              Account
            </Link>
          </li>
          {hasLessons && (
            <li>
              <Link to="/lessons" className={itemClass}>
                My lessons
              </Link>
            </li>
          )}
          {paysForLessons && (
            <li>
              <Link to="/account/payment-methods" className={itemClass}>
                Payment methods
              </Link>
            </li>
          )}
          {isInstructor && (
            <li>
              <Link to="/instructor" className={itemClass}>
                Instructor dashboard
              </Link>
            </li>
          )}
          {isInstructor && (
            <li>
              <Link to="/instructor/payouts" className={itemClass}>
                Payouts
              </Link>
            </li>
          )}
          <li>
            <button type="button" onClick={() => void onLogOut()} className={itemClass}>
              Log out
            </button>
          </li>
        </ul>
      </div>
    </div>
  );
}
