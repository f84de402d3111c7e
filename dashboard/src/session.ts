import { createHttpClient, type HttpClient } from '../../src/client/http';

/**
 * What the operator signed in with: an API key (Bearer) or a user and password (Basic). Kept in
 * this tab's sessionStorage, so a reload keeps it and closing the tab forgets it; never in a URL.
 */
export type Credential = { kind: 'key'; key: string } | { kind: 'user'; user: string; password: string };

const STORAGE_KEY = 'conveyor.credential';

export function storedCredential(): Credential | undefined {
  try {
    const text = sessionStorage.getItem(STORAGE_KEY);
    return text ? (JSON.parse(text) as Credential) : undefined;
  } catch {
    return undefined;
  }
}

export function storeCredential(credential: Credential | undefined): void {
  if (credential) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(credential));
  else sessionStorage.removeItem(STORAGE_KEY);
}

/** The Task API of the page's own origin, with the credential: the same routes and permissions as any client. */
export function apiClient(credential: Credential | undefined): HttpClient {
  return createHttpClient({
    url: window.location.origin,
    apiKey: credential?.kind === 'key' ? credential.key : undefined,
    basic: credential?.kind === 'user' ? { user: credential.user, password: credential.password } : undefined,
  });
}

/** `GET /me`: whether the credential is accepted, and what its role may do. */
export interface Me {
  auth: 'none' | 'keys';
  signed_in: boolean;
  name: string | null;
  role: 'admin' | 'submitter' | 'viewer' | null;
  /** Null when not signed in: the API tells an anonymous caller nothing about its Temporal. */
  namespace: string | null;
  temporal_ui_url: string | null;
}

/** What the dashboard offers a role: the API decides, this only hides what it would refuse. */
export function mayChange(me: Me): boolean {
  return me.role === 'admin' || me.role === 'submitter';
}

/** Pause, resume and trigger: an admin's on every schedule, a submitter's on its own (the API's rule, GET /me's role). */
export function mayManageSchedule(me: Me, submitter: string | null): boolean {
  return me.role === 'admin' || (me.role === 'submitter' && submitter !== null && submitter === me.name);
}
