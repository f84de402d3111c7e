import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { SessionContext, type Session } from './api-context';
import { ErrorState, Loading } from './components/States';
import { ConveyorApiError } from '../../src/client/errors';
import { errorText } from './format';
import { Failures } from './pages/Failures';
import { TaskDetail } from './pages/TaskDetail';
import { TaskList } from './pages/TaskList';
import { SignIn } from './pages/SignIn';
import { Workers } from './pages/Workers';
import { Link, navigate, useLocation, type Location } from './router';
import { apiClient, mayChange, storedCredential, storeCredential, type Credential, type Me } from './session';

// The form library is the largest part of the app: the task list does not wait for it.
const Submit = lazy(() => import('./pages/Submit'));

/** Signs in when the API asks for credentials, then shows the page the URL names. */
export function App() {
  const [credential, setCredential] = useState<Credential | undefined>(storedCredential);
  const [me, setMe] = useState<Me>();
  const [error, setError] = useState<string>();
  /** Why the API refused the stored credential (wrong: 401; too many failures: 429), for the sign-in page. */
  const [refusal, setRefusal] = useState<string>();
  const api = useMemo(() => apiClient(credential), [credential]);

  const identify = useCallback(async () => {
    setError(undefined);
    setRefusal(undefined);
    try {
      setMe((await api.request<Me>('GET', '/me')).body);
    } catch (failure) {
      if (failure instanceof ConveyorApiError && (failure.status === 401 || failure.status === 429)) {
        setRefusal(failure.status === 429 ? `The API refused to sign in: ${failure.message}.` : 'The API did not accept these credentials.');
        setMe({ auth: 'keys', signed_in: false, name: null, role: null, namespace: null, temporal_ui_url: null });
      } else setError(errorText(failure));
    }
  }, [api]);
  useEffect(() => void identify(), [identify]);

  const signIn = (next: Credential) => {
    storeCredential(next);
    setMe(undefined);
    setCredential(next);
  };
  const signOut = useCallback(() => {
    storeCredential(undefined);
    setMe(undefined);
    setCredential(undefined);
  }, []);
  const session = useMemo<Session | undefined>(() => (me?.signed_in ? { api, me, signOut } : undefined), [api, me, signOut]);

  if (error) return <ErrorState onRetry={() => void identify()}>Could not reach the Task API: {error}</ErrorState>;
  if (!me) return <Loading what="Conveyor" />;
  if (!session) return <SignIn onSignIn={signIn} refusal={refusal} />;
  return (
    <SessionContext.Provider value={session}>
      <Shell />
    </SessionContext.Provider>
  );
}

function Shell() {
  const location = useLocation();
  return (
    <>
      <Header />
      <main id="main">
        <Suspense fallback={<Loading what="the page" />}>
          <Page location={location} />
        </Suspense>
      </main>
    </>
  );
}

function Header() {
  return (
    <SessionContext.Consumer>
      {(session) =>
        session ? (
          <header className="top">
            <a className="skip" href="#main">
              Skip to content
            </a>
            <strong className="brand">Conveyor</strong>
            <nav aria-label="Pages">
              <Link to="/tasks">Tasks</Link>
              <Link to="/failures">Failures</Link>
              {mayChange(session.me) ? <Link to="/submit">Submit</Link> : null}
              <Link to="/workers">Workers</Link>
            </nav>
            <span className="who">
              {session.me.auth === 'keys' ? (
                <>
                  {session.me.name} ({session.me.role}){' '}
                  <button type="button" className="secondary" onClick={session.signOut}>
                    Sign out
                  </button>
                </>
              ) : (
                'no auth (local)'
              )}
            </span>
          </header>
        ) : null
      }
    </SessionContext.Consumer>
  );
}

function Page({ location }: { location: Location }) {
  const { path } = location;
  useEffect(() => {
    if (path === '/') navigate('/tasks', { replace: true });
  }, [path]);
  if (path === '/' || path === '/tasks' || path === '/tasks/') return <TaskList location={location} />;
  if (path.startsWith('/tasks/')) return <TaskDetail id={decodeURIComponent(path.slice('/tasks/'.length))} joined={location.query.get('existing') === '1'} />;
  if (path === '/submit') return <Submit location={location} />;
  if (path === '/workers') return <Workers />;
  if (path === '/failures') return <Failures location={location} />;
  return (
    <ErrorState>
      No page {path}. <Link to="/tasks">Go to the tasks</Link>.
    </ErrorState>
  );
}
