import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { RouterProvider, createBrowserRouter } from 'react-router';
import { createQueryClient } from './api/queryClient';
import { AppLayout } from './layout/AppLayout';
import { RouteError } from './layout/RouteError';
import { CategoryPage } from './pages/catalog/CategoryPage';
import { HomePage } from './pages/home/HomePage';
import { NotFoundPage } from './pages/not-found/NotFoundPage';

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
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
