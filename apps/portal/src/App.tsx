import { Navigate, Route, Router } from '@solidjs/router';
import { Show, lazy } from 'solid-js';
import { Layout } from './components/Layout.tsx';
import { principal, rolesOf } from './lib/session.ts';
import { homeFor } from './lib/home.ts';

const Login = lazy(() => import('./routes/Login.tsx'));
const Inbox = lazy(() => import('./routes/Inbox.tsx'));
const Case = lazy(() => import('./routes/Case.tsx'));
const Joint = lazy(() => import('./routes/Joint.tsx'));
const Triage = lazy(() => import('./routes/Triage.tsx'));
const Disputes = lazy(() => import('./routes/Disputes.tsx'));
const Matrix = lazy(() => import('./routes/Matrix.tsx'));
const Standards = lazy(() => import('./routes/Standards.tsx'));
const RoutePreview = lazy(() => import('./routes/RoutePreview.tsx'));
const Status = lazy(() => import('./routes/Status.tsx'));
const Intake = lazy(() => import('./routes/Intake.tsx'));
const Admin = lazy(() => import('./routes/Admin.tsx'));
const Account = lazy(() => import('./routes/Account.tsx'));
const Classifier = lazy(() => import('./routes/Classifier.tsx'));
const Dashboard = lazy(() => import('./routes/Dashboard.tsx'));
const Team = lazy(() => import('./routes/Team.tsx'));
const Drafts = lazy(() => import('./routes/Drafts.tsx'));
const Draft = lazy(() => import('./routes/Draft.tsx'));

/** Where the person starts (homeFor), once it is known whether anyone is signed in (not before: a reload would go to the public page). */
const Home = () => (
  <Show when={!principal.loading}>
    <Navigate href={homeFor(rolesOf(principal()))} />
  </Show>
);

export function App() {
  return (
    <Router root={Layout}>
      <Route path="/" component={Home} />
      <Route path="/login" component={Login} />
      <Route path="/inbox" component={Inbox} />
      <Route path="/cases/:id" component={Case} />
      <Route path="/cases/:caseId/joint/:workflowId" component={Joint} />
      <Route path="/triage" component={Triage} />
      <Route path="/disputes" component={Disputes} />
      <Route path="/matrix" component={Matrix} />
      <Route path="/matrix/drafts" component={Drafts} />
      <Route path="/matrix/drafts/:id" component={Draft} />
      <Route path="/standards" component={Standards} />
      <Route path="/route" component={RoutePreview} />
      <Route path="/status" component={Status} />
      <Route path="/intake" component={Intake} />
      <Route path="/admin" component={Admin} />
      <Route path="/account" component={Account} />
      <Route path="/classifier" component={Classifier} />
      <Route path="/dashboard" component={Dashboard} />
      <Route path="/team" component={Team} />
      <Route path="*" component={Home} />
    </Router>
  );
}
