import { createBrowserRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { routes } from './routes';
import './shell.css';

const router = createBrowserRouter(routes);

export function App() {
  return <RouterProvider router={router} />;
}
