import { createContext, useContext } from 'react';
import type { HttpClient } from '../../src/client/http';
import type { Me } from './session';

/** The signed-in session every page reads: the API client and who the caller is. */
export interface Session {
  api: HttpClient;
  me: Me;
  signOut: () => void;
}

export const SessionContext = createContext<Session | undefined>(undefined);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in session');
  return session;
}
