/**
 * The personal-data registry: every module that keeps data about a person registers how to export
 * it and how to erase it, so "download my data" and "delete my account" reach all of it.
 */

export interface PersonalDataContributor {
  /** Key of this part in the export, e.g. 'meals'. */
  name: string;
  export(userId: string): Promise<unknown>;
  /**
   * Removes or anonymises the person's data. Must be safe to run twice: a deletion that failed
   * half-way is retried from the start. Keep records others depend on (a vote count, a booking
   * roster) and drop what identifies the person.
   */
  erase(userId: string): Promise<void>;
}

export interface PersonalDataRegistry {
  register(contributor: PersonalDataContributor): void;
}

export function createPersonalDataRegistry() {
  const contributors: PersonalDataContributor[] = [];
  return {
    register(contributor: PersonalDataContributor) {
      if (contributors.some((c) => c.name === contributor.name)) {
        throw new Error(`personal data contributor "${contributor.name}" registered twice`);
      }
      contributors.push(contributor);
    },
    async exportAll(userId: string): Promise<Record<string, unknown>> {
      const parts: Record<string, unknown> = {};
      for (const contributor of contributors) parts[contributor.name] = await contributor.export(userId);
      return parts;
    },
    async eraseAll(userId: string): Promise<void> {
      for (const contributor of contributors) await contributor.erase(userId);
    },
  };
}
