import { Navigate, Route, Router } from '@solidjs/router';
import { lazy } from 'solid-js';
import { Layout } from './components/Layout.tsx';

const Login = lazy(() => import('./routes/Login.tsx'));
const Matrix = lazy(() => import('./routes/Matrix.tsx'));
const RoutePreview = lazy(() => import('./routes/RoutePreview.tsx'));

export function App() {
  return (
    <Router root={Layout}>
      <Route path="/" component={() => <Navigate href="/matrix" />} />
      <Route path="/login" component={Login} />
      <Route path="/matrix" component={Matrix} />
      <Route path="/route" component={RoutePreview} />
      <Route path="*" component={() => <Navigate href="/matrix" />} />
    </Router>
  );
}
