import { CatalogSection } from './CatalogSection';
import { Hero } from './Hero';
import { HowItWorks } from './HowItWorks';
import { PromiseList } from './PromiseList';
import { YourInstructors } from './YourInstructors';

export function HomePage() {
  return (
    <>
      <title>InstaInstru — find local instructors in NYC</title>
      <Hero />
      <YourInstructors />
      <CatalogSection />
      <PromiseList />
      <HowItWorks />
    </>
  );
}
