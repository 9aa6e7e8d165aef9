/**
 * Who is signed in, shared by every page: a tiny store with subscribers, no framework.
 */
import type { Me } from '@linli/shared/identity-api';

type Listener = (me: Me | null) => void;

let currentUser: Me | null = null;
const listeners = new Set<Listener>();
const signedOutListeners = new Set<() => void>();

export function getUser(): Me | null {
  return currentUser;
}

export function setUser(me: Me | null): void {
  currentUser = me;
  for (const listener of listeners) listener(me);
}

export function subscribeUser(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Runs when the API client ends the session on its own (refused refresh). */
export function onSignedOut(listener: () => void): () => void {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}

export function notifySignedOut(): void {
  setUser(null);
  for (const listener of signedOutListeners) listener();
}
