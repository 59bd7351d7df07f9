// Home locations of seeded athletes: a city, its IANA zone, and a nearby trail area.

export interface Place {
  city: string;
  state: string;
  country: string;
  lat: number;
  lng: number;
  timeZone: string;
  trail: { lat: number; lng: number; name: string };
  /** Typical hilliness of the city's streets, metres of relief per 10 km. */
  relief: number;
}

export const PLACES: readonly Place[] = [
  {
    city: 'Paris',
    state: 'Île-de-France',
    country: 'France',
    lat: 48.8566,
    lng: 2.3522,
    timeZone: 'Europe/Paris',
    trail: { lat: 48.8042, lng: 2.12, name: 'Forêt de Meudon' },
    relief: 25,
  },
  {
    city: 'Lyon',
    state: 'Auvergne-Rhône-Alpes',
    country: 'France',
    lat: 45.764,
    lng: 4.8357,
    timeZone: 'Europe/Paris',
    trail: { lat: 45.816, lng: 4.76, name: "Monts d'Or" },
    relief: 60,
  },
  {
    city: 'Annecy',
    state: 'Auvergne-Rhône-Alpes',
    country: 'France',
    lat: 45.8992,
    lng: 6.1294,
    timeZone: 'Europe/Paris',
    trail: { lat: 45.87, lng: 6.19, name: 'Semnoz' },
    relief: 40,
  },
  {
    city: 'London',
    state: 'England',
    country: 'United Kingdom',
    lat: 51.5072,
    lng: -0.1276,
    timeZone: 'Europe/London',
    trail: { lat: 51.444, lng: -0.275, name: 'Richmond Park' },
    relief: 20,
  },
  {
    city: 'Edinburgh',
    state: 'Scotland',
    country: 'United Kingdom',
    lat: 55.9533,
    lng: -3.1883,
    timeZone: 'Europe/London',
    trail: { lat: 55.88, lng: -3.25, name: 'Pentland Hills' },
    relief: 70,
  },
  {
    city: 'Berlin',
    state: 'Berlin',
    country: 'Germany',
    lat: 52.52,
    lng: 13.405,
    timeZone: 'Europe/Berlin',
    trail: { lat: 52.47, lng: 13.23, name: 'Grunewald' },
    relief: 10,
  },
  {
    city: 'Barcelona',
    state: 'Catalonia',
    country: 'Spain',
    lat: 41.3874,
    lng: 2.1686,
    timeZone: 'Europe/Madrid',
    trail: { lat: 41.418, lng: 2.116, name: 'Collserola' },
    relief: 50,
  },
  {
    city: 'Amsterdam',
    state: 'North Holland',
    country: 'Netherlands',
    lat: 52.3676,
    lng: 4.9041,
    timeZone: 'Europe/Amsterdam',
    trail: { lat: 52.33, lng: 4.85, name: 'Amsterdamse Bos' },
    relief: 5,
  },
  {
    city: 'Boulder',
    state: 'CO',
    country: 'United States',
    lat: 40.015,
    lng: -105.2705,
    timeZone: 'America/Denver',
    trail: { lat: 39.999, lng: -105.293, name: 'Chautauqua' },
    relief: 60,
  },
  {
    city: 'San Francisco',
    state: 'CA',
    country: 'United States',
    lat: 37.7749,
    lng: -122.4194,
    timeZone: 'America/Los_Angeles',
    trail: { lat: 37.899, lng: -122.57, name: 'Mount Tamalpais' },
    relief: 80,
  },
  {
    city: 'New York',
    state: 'NY',
    country: 'United States',
    lat: 40.7812,
    lng: -73.9665,
    timeZone: 'America/New_York',
    trail: { lat: 40.896, lng: -73.887, name: 'Van Cortlandt Park' },
    relief: 20,
  },
  {
    city: 'Vancouver',
    state: 'BC',
    country: 'Canada',
    lat: 49.2827,
    lng: -123.1207,
    timeZone: 'America/Vancouver',
    trail: { lat: 49.37, lng: -123.099, name: 'North Shore' },
    relief: 45,
  },
  {
    city: 'Tokyo',
    state: 'Tokyo',
    country: 'Japan',
    lat: 35.6852,
    lng: 139.7528,
    timeZone: 'Asia/Tokyo',
    trail: { lat: 35.625, lng: 139.243, name: 'Mount Takao' },
    relief: 15,
  },
  {
    city: 'Sydney',
    state: 'NSW',
    country: 'Australia',
    lat: -33.8688,
    lng: 151.2093,
    timeZone: 'Australia/Sydney',
    trail: { lat: -33.75, lng: 151.23, name: 'Garigal' },
    relief: 40,
  },
  {
    city: 'Cape Town',
    state: 'Western Cape',
    country: 'South Africa',
    lat: -33.9249,
    lng: 18.4241,
    timeZone: 'Africa/Johannesburg',
    trail: { lat: -33.963, lng: 18.403, name: 'Table Mountain' },
    relief: 70,
  },
  {
    city: 'São Paulo',
    state: 'SP',
    country: 'Brazil',
    lat: -23.5874,
    lng: -46.6576,
    timeZone: 'America/Sao_Paulo',
    trail: { lat: -23.45, lng: -46.63, name: 'Cantareira' },
    relief: 30,
  },
];

/** Zwift's Watopia, where VirtualRun activities are drawn. */
export const WATOPIA = { lat: -11.64, lng: 166.95 } as const;
