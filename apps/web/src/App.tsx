import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { RouterProvider, createBrowserRouter } from 'react-router';
import { createQueryClient } from './api/queryClient';
import { AuthProvider } from './auth/AuthProvider';
import { AppLayout } from './layout/AppLayout';
import { RouteError } from './layout/RouteError';
import { AccountPage } from './pages/account/AccountPage';
import { ForgotPasswordPage } from './pages/auth/ForgotPasswordPage';
import { LoginPage } from './pages/auth/LoginPage';
import { ResetPasswordPage } from './pages/auth/ResetPasswordPage';
import { SignupPage } from './pages/auth/SignupPage';
import { VerifyEmailPage } from './pages/auth/VerifyEmailPage';
import { CategoryPage } from './pages/catalog/CategoryPage';
import { MailboxPage } from './pages/dev/MailboxPage';
import { HomePage } from './pages/home/HomePage';
import { NotFoundPage } from './pages/not-found/NotFoundPage';
import { PaymentMethodsPage } from './pages/payment-methods/PaymentMethodsPage';

const router = createBrowserRouter([
  {
    element: <AppLayout />,
    children: [
      {
        // A pathless route so a page error renders inside the header and footer.
        errorElement: <RouteError />,
        children: [
          { index: true, element: <HomePage /> },
          { path: 'categories/:slug', element: <CategoryPage /> },
          { path: 'signup', element: <SignupPage /> },
          { path: 'login', element: <LoginPage /> },
          { path: 'forgot-password', element: <ForgotPasswordPage /> },
          { path: 'reset-password', element: <ResetPasswordPage /> },
          { path: 'verify-email', element: <VerifyEmailPage /> },
          { path: 'account', element: <AccountPage /> },
          { path: 'account/payment-methods', element: <PaymentMethodsPage /> },
          { path: 'account/calendar', lazy: async () => ({ Component: (await import('./pages/calendar/CalendarPage')).CalendarPage }) },
          { path: 'account/credits', lazy: async () => ({ Component: (await import('./pages/bookings/CreditsPage')).CreditsPage }) },
          // Instructor pages (and Leaflet with them) load on first visit: most visitors never need them.
          {
            path: 'instructor',
            lazy: async () => ({ Component: (await import('./pages/instructor/InstructorDashboardPage')).InstructorDashboardPage }),
          },
          {
            path: 'instructor/payouts',
            lazy: async () => ({ Component: (await import('./pages/instructor/payouts/PayoutsPage')).PayoutsPage }),
          },
          {
            path: 'instructor/setup/:step?',
            lazy: async () => ({ Component: (await import('./pages/instructor/InstructorSetupPage')).InstructorSetupPage }),
          },
          // Search draws its map with Leaflet too: loaded on first visit.
          { path: 'search', lazy: async () => ({ Component: (await import('./pages/search/SearchPage')).SearchPage }) },
          {
            path: 'instructors/:id',
            lazy: async () => ({ Component: (await import('./pages/instructors/PublicInstructorPage')).PublicInstructorPage }),
          },
          // Booking and lessons load on first visit, like the other signed-in areas.
          { path: 'instructors/:id/book', lazy: async () => ({ Component: (await import('./pages/bookings/BookPage')).BookPage }) },
          { path: 'lessons', lazy: async () => ({ Component: (await import('./pages/bookings/MyLessonsPage')).MyLessonsPage }) },
          { path: 'lessons/:id', lazy: async () => ({ Component: (await import('./pages/bookings/LessonPage')).LessonPage }) },
          { path: 'lessons/:id/booked', lazy: async () => ({ Component: (await import('./pages/bookings/LessonPage')).BookingConfirmedPage }) },
          { path: 'dev/mailbox', element: <MailboxPage /> },
          { path: 'dev/stripe', lazy: async () => ({ Component: (await import('./pages/dev/stripe/StripeDashboardPage')).StripeDashboardPage }) },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);

export function App() {
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <AuthProvider>
        <RouterProvider router={router} />
      </AuthProvider>
    </QueryClientProvider>
  );
}
