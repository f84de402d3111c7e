import { useState, type FormEvent } from 'react';
import type { Credential } from '../session';

/**
 * Sign-in for an API with CONVEYOR_AUTH=keys: an API key (CONVEYOR_API_KEYS), or a user and
 * password (CONVEYOR_USERS). The credential stays in this tab (sessionStorage), never in a URL.
 */
export function SignIn({ onSignIn, refusal }: { onSignIn: (credential: Credential) => void; refusal: string | undefined }) {
  const [kind, setKind] = useState<Credential['kind']>('key');
  const [key, setKey] = useState('');
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSignIn(kind === 'key' ? { kind, key: key.trim() } : { kind, user: user.trim(), password });
  };
  return (
    <main className="signin">
      <h1>Sign in to Conveyor</h1>
      <form onSubmit={submit} aria-label="Sign in">
        <fieldset>
          <legend>Sign in with</legend>
          <label className="inline">
            <input type="radio" name="kind" checked={kind === 'key'} onChange={() => setKind('key')} /> an API key
          </label>
          <label className="inline">
            <input type="radio" name="kind" checked={kind === 'user'} onChange={() => setKind('user')} /> a user and password
          </label>
        </fieldset>
        {kind === 'key' ? (
          <label>
            API key
            <input type="password" autoComplete="off" required value={key} onChange={(e) => setKey(e.target.value)} />
          </label>
        ) : (
          <>
            <label>
              User
              <input autoComplete="username" required value={user} onChange={(e) => setUser(e.target.value)} />
            </label>
            <label>
              Password
              <input type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
            </label>
          </>
        )}
        {refusal ? (
          <p role="alert" className="error">
            {refusal}
          </p>
        ) : null}
        <button type="submit">Sign in</button>
      </form>
    </main>
  );
}
