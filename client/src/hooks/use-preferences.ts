import { useEffect, useState } from 'react';
import { getPreferences, subscribePreferences, type Preferences } from '../services/preferences';

/** The current preferences; the calling component re-renders when they change. */
export function usePreferences(): Preferences {
  const [prefs, setPrefs] = useState(getPreferences());
  useEffect(() => subscribePreferences(setPrefs), []);
  return prefs;
}
