import { useQuery } from '@tanstack/react-query';
import { meQuery } from '../../api/account';
import { RequireAuth } from '../../auth/RequireAuth';
import { useCan } from '../../auth/useSession';
import { PAYMENT_METHODS_PERMISSION } from '../../api/paymentMethods';
import { CALENDAR_PERMISSION } from '../../api/calendar';
import { ErrorState } from '../../components/ErrorState';
import { Link } from 'react-router';
import { linkClass } from '../../components/form/styles';
import { Section } from './Section';
import { PasswordSection } from './PasswordSection';
import { PhoneSection } from './PhoneSection';
import { ProfileSection } from './ProfileSection';
import { SessionsSection } from './SessionsSection';
import { TwoFactorSection } from './TwoFactorSection';
import { UnverifiedBanner } from './UnverifiedBanner';

/** `/account`: profile, password, two-factor, phone and sessions. Signed-in users only. */
export function AccountPage() {
  return (
    <RequireAuth>
      <title>Your account · InstaInstru</title>
      <AccountSections />
    </RequireAuth>
  );
}

function AccountSections() {
  const me = useQuery(meQuery);
  const paysForLessons = useCan(PAYMENT_METHODS_PERMISSION);
  const hasCalendar = useCan(CALENDAR_PERMISSION);

  if (me.isPending) {
    return (
      <p role="status" className="py-12 text-center text-slate-600">
        Loading your account…
      </p>
    );
  }
  if (me.isError) {
    return <ErrorState error={me.error} onRetry={() => void me.refetch()} retrying={me.isFetching} />;
  }

  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div>
        <h1 className="text-3xl font-bold tracking-tight text-slate-900">Your account</h1>
        <p className="mt-1 text-slate-600">Signed in as {me.data.email}</p>
      </div>
      {!me.data.emailVerified && <UnverifiedBanner email={me.data.email} />}
      <ProfileSection me={me.data} />
      <PasswordSection email={me.data.email} />
      <TwoFactorSection me={me.data} />
      <PhoneSection me={me.data} />
      {paysForLessons && (
        <Section title="Payment methods" description="The cards you book lessons with.">
          <Link to="/account/payment-methods" className={linkClass}>
            Manage payment methods
          </Link>
        </Section>
      )}
      {hasCalendar && (
        <Section title="Calendar" description="Your lessons in Google, Apple or Outlook calendar, kept up to date.">
          <Link to="/account/calendar" className={linkClass}>
            Add your lessons to your calendar
          </Link>
        </Section>
      )}
      <SessionsSection />
    </div>
  );
}
