import type { Entity, PageText } from '../provider';

/** An article the offline provider's tests read, with what a careful reader finds in it. */
export interface TestArticle {
  page: PageText;
  /** Entities it must find, typed so. */
  entities: Entity[];
  /** Names it must not give (fragments across words that only look like names). */
  notEntities: string[];
  category: string;
}

/** Four real-looking news articles (invented, with the capitalised headlines sites use). */
export const TEST_ARTICLES: Record<'port' | 'sports' | 'tech' | 'science', TestArticle> = {
  port: {
    page: {
      title: 'Van Oord Wins North Sea Chief Contract for Maasvlakte Expansion',
      text:
        'Dutch dredging company Van Oord has won the contract to extend the Maasvlakte port area into the North Sea, the Port of Rotterdam Authority said on 14 March 2024. ' +
        'The work is worth about 450 million euros and starts in June. ' +
        '"This is the largest land reclamation we have done since 2013," said Boudewijn Vollebregt, the port authority\'s chief executive. ' +
        'Van Oord will bring sand from the seabed west of Rotterdam with its trailing suction hopper dredgers. ' +
        'Environmental groups, including Greenpeace, asked the European Commission to check the permit. ' +
        'Trade through Rotterdam grew last year as shipping lines moved container traffic from Antwerp and Hamburg. ' +
        'The expansion should be finished by the end of 2027, when the terminal operator APM Terminals will start moving containers.',
    },
    entities: [
      { name: 'Van Oord', type: 'organization' },
      { name: 'Port of Rotterdam Authority', type: 'organization' },
      { name: 'European Commission', type: 'organization' },
      { name: 'APM Terminals', type: 'organization' },
      { name: 'Boudewijn Vollebregt', type: 'person' },
      { name: 'North Sea', type: 'place' },
      { name: 'Rotterdam', type: 'place' },
      { name: 'Antwerp', type: 'place' },
      { name: 'Hamburg', type: 'place' },
      { name: '14 March 2024', type: 'date' },
      { name: 'June', type: 'date' },
      { name: 'end of 2027', type: 'date' },
    ],
    notEntities: ['North Sea Chief', 'Maasvlakte The', 'Dutch', 'company Van Oord'],
    category: 'business',
  },
  sports: {
    page: {
      title: 'Arsenal Go Top After Late Rice Header Beats City',
      text:
        'Arsenal beat Manchester City 2-1 at the Emirates Stadium on Sunday to move top of the Premier League. ' +
        'Bukayo Saka opened the scoring after 12 minutes, and Erling Haaland equalised for the visitors before half-time. ' +
        'Declan Rice headed the winning goal from a corner in the 78th minute. ' +
        '"The players showed real character," said Mikel Arteta, the Arsenal manager, after the match. ' +
        "City's coach, Pep Guardiola, said his team had missed too many chances. " +
        'Arsenal travel to Germany for a Champions League quarter-final on 9 April, before the league season resumes in London.',
    },
    entities: [
      { name: 'Manchester City', type: 'organization' },
      { name: 'Premier League', type: 'organization' },
      { name: 'Champions League', type: 'organization' },
      { name: 'Bukayo Saka', type: 'person' },
      { name: 'Erling Haaland', type: 'person' },
      { name: 'Declan Rice', type: 'person' },
      { name: 'Mikel Arteta', type: 'person' },
      { name: 'Pep Guardiola', type: 'person' },
      { name: 'Emirates Stadium', type: 'place' },
      { name: 'Germany', type: 'place' },
      { name: 'London', type: 'place' },
      { name: 'Sunday', type: 'date' },
      { name: '9 April', type: 'date' },
    ],
    notEntities: ['12 minutes', '78th minute', 'Arsenal Go Top After Late Rice Header Beats City'],
    category: 'sports',
  },
  tech: {
    page: {
      title: 'Nvidia Revenue Soars on AI Chip Demand',
      text:
        'Nvidia reported record quarterly revenue on Wednesday as demand for its artificial intelligence chips kept growing. ' +
        'The company, based in Santa Clara, California, said sales of data centre processors rose to 22 billion dollars in the three months to January. ' +
        'Chief executive Jensen Huang told investors that cloud providers such as Microsoft and Amazon were building new data centres to train larger AI models on its software. ' +
        'Analysts at Morgan Stanley said the hardware market for generative AI could double by 2026. ' +
        'Rivals Intel and AMD are racing to release competing chips and developer tools for the same servers.',
    },
    entities: [
      { name: 'Nvidia', type: 'organization' },
      { name: 'Microsoft', type: 'organization' },
      { name: 'Amazon', type: 'organization' },
      { name: 'Morgan Stanley', type: 'organization' },
      { name: 'Intel', type: 'organization' },
      { name: 'AMD', type: 'organization' },
      { name: 'Jensen Huang', type: 'person' },
      { name: 'Santa Clara', type: 'place' },
      { name: 'California', type: 'place' },
      { name: 'Wednesday', type: 'date' },
      { name: 'January', type: 'date' },
      { name: '2026', type: 'date' },
    ],
    notEntities: ['Rivals Intel', 'AI', 'Nvidia Revenue Soars on AI Chip Demand'],
    category: 'technology',
  },
  science: {
    page: {
      title: 'Webb Telescope Finds Water Vapour on Rocky Planet',
      text:
        'Astronomers using the James Webb Space Telescope have found water vapour in the atmosphere of a small rocky planet orbiting a nearby star, researchers reported in the journal Nature on 2 May 2024. ' +
        'The planet, GJ 486 b, lies 26 light years from Earth. ' +
        '"It is the first time we have seen signs of an atmosphere on a planet this small," said Sarah Moran, an astronomer at the University of Arizona who led the study. ' +
        "The team measured starlight filtered through the planet's atmosphere as it passed in front of its star. " +
        'Scientists at NASA and the European Space Agency said further observations in 2025 would test whether the water comes from the planet or from spots on the star.',
    },
    entities: [
      { name: 'Nature', type: 'organization' },
      { name: 'University of Arizona', type: 'organization' },
      { name: 'NASA', type: 'organization' },
      { name: 'European Space Agency', type: 'organization' },
      { name: 'Sarah Moran', type: 'person' },
      { name: 'James Webb Space Telescope', type: 'other' },
      { name: '2 May 2024', type: 'date' },
      { name: '2025', type: 'date' },
    ],
    notEntities: ['GJ', 'Webb Telescope Finds Water Vapour on Rocky Planet'],
    category: 'science',
  },
};
