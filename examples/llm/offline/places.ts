/** Countries, regions and large cities the offline provider knows as places (a gazetteer kept small on purpose). */
export const PLACES = new Set(
  [
    'Africa', 'Asia', 'Europe', 'North America', 'South America', 'Australia', 'Antarctica', 'Middle East',
    'United States', 'United Kingdom', 'USA', 'UK', 'America', 'Canada', 'Mexico', 'Brazil', 'Argentina', 'Chile', 'Peru', 'Colombia',
    'France', 'Germany', 'Spain', 'Portugal', 'Italy', 'Netherlands', 'Belgium', 'Switzerland', 'Austria', 'Poland', 'Sweden', 'Norway',
    'Denmark', 'Finland', 'Ireland', 'Greece', 'Turkey', 'Ukraine', 'Russia', 'China', 'Japan', 'Korea', 'South Korea', 'India', 'Pakistan',
    'Indonesia', 'Vietnam', 'Thailand', 'Singapore', 'Israel', 'Iran', 'Egypt', 'Nigeria', 'Kenya', 'South Africa', 'New Zealand',
    'London', 'Paris', 'Berlin', 'Madrid', 'Rome', 'Amsterdam', 'Brussels', 'Vienna', 'Zurich', 'Geneva', 'Stockholm', 'Oslo', 'Dublin',
    'Lisbon', 'Athens', 'Warsaw', 'Moscow', 'Kyiv', 'Istanbul', 'New York', 'Los Angeles', 'San Francisco', 'Chicago', 'Boston', 'Seattle',
    'Washington', 'Toronto', 'Montreal', 'Vancouver', 'Mexico City', 'Tokyo', 'Beijing', 'Shanghai', 'Hong Kong', 'Seoul', 'Mumbai',
    'Delhi', 'New Delhi', 'Bangalore', 'Sydney', 'Melbourne', 'Cairo', 'Lagos', 'Nairobi', 'Dubai', 'Silicon Valley',
  ],
);
