import { listLanguages } from '../../lib/languages';

const capitalize = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
const list = (words: readonly string[]) => new Intl.ListFormat('en', { type: 'conjunction' }).format(words.map(capitalize));

/** Who the instructor teaches and in which languages; a fact the profile leaves empty is left out. */
export function ProfileFacts({ ageGroups, levels, languages }: { ageGroups: readonly string[]; levels: readonly string[]; languages: readonly string[] }) {
  const facts = [
    ageGroups.length > 0 && { term: 'Teaches', value: list(ageGroups) },
    levels.length > 0 && { term: 'Levels', value: list(levels) },
    languages.length > 0 && { term: 'Languages', value: listLanguages(languages) },
  ].filter((f): f is { term: string; value: string } => Boolean(f));
  if (facts.length === 0) return null;
  return (
    <dl className="grid gap-4 rounded-xl border border-slate-200 bg-white p-4 sm:grid-cols-3">
      {facts.map((f) => (
        <div key={f.term}>
          <dt className="text-sm text-slate-500">{f.term}</dt>
          <dd className="mt-0.5 font-medium text-slate-900">{f.value}</dd>
        </div>
      ))}
    </dl>
  );
}
