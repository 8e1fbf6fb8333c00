import { ArrowDownIcon } from '../../components/icons/icons';
import { SearchBox } from '../../components/search/SearchBox';

/** What the product does today, in one screen: no promise of what is not built yet. */
export function Hero() {
  return (
    <section
      aria-labelledby="hero-title"
      className="overflow-hidden rounded-3xl bg-gradient-to-br from-indigo-700 via-indigo-600 to-violet-600 px-6 py-12 text-white shadow-lg sm:px-12 sm:py-16"
    >
      <p className="text-sm font-semibold tracking-wide text-indigo-100 uppercase">New York City · in person &amp; online</p>
      <h1 id="hero-title" className="mt-3 max-w-3xl text-4xl font-extrabold tracking-tight text-balance sm:text-5xl">
        Find local instructors in NYC.
      </h1>
      <p className="mt-5 max-w-2xl text-lg text-indigo-50">
        Music, sports, languages, academics, arts and fitness. Say what you need and see who can teach it where and when
        you asked, with their prices and next open times.
      </p>
      <div className="mt-8 max-w-3xl">
        <SearchBox variant="hero" />
        <p className="mt-2 text-sm text-indigo-100">Say it in plain English: the lesson, who it is for, the neighborhood, your budget and when.</p>
      </div>
      <a
        href="#categories"
        className="mt-6 inline-flex items-center gap-2 rounded-xl bg-white px-5 py-3 font-semibold text-indigo-700 shadow-sm hover:bg-indigo-50 focus-visible:outline-white"
      >
        Browse lessons
        <ArrowDownIcon className="h-4 w-4" />
      </a>
    </section>
  );
}
