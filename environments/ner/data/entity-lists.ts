/**
 * Word lists for the synthetic NER dataset. The people and most organisations are invented;
 * places, nationalities and well-known events are ordinary facts.
 */

/** [given name(s), surname] — the surname alone is how news-wire text often repeats a name. */
export const PEOPLE: readonly (readonly [string, string])[] = [
  ['Marta', 'Lindqvist'], ['Tomas', 'Okafor'], ['Elena', 'Varga'], ['Jonas', 'Pereira'], ['Ahmed', 'Karimi'],
  ['Ingrid', 'Solberg'], ['Paolo', 'Benedetti'], ['Yuki', 'Tanabe'], ['Samuel', 'Achebe'], ['Claire', 'Dumont'],
  ['Viktor', 'Halme'], ['Ana', 'Ribeiro'], ['Derek', 'Whitfield'], ['Lars', 'Ekholm'], ['Nadia', 'Petrova'],
  ['Hugo', 'Marchetti'], ['Rafael', 'Quintero'], ['Sofia', 'Andersen'], ['Kwame', 'Mensah'], ['Irina', 'Volkova'],
  ['Pieter', 'de Vries'], ['Jean-Luc', 'Moreau'], ['Mei Lin', 'Zhou'], ['Oskar', 'Brandt'], ['Fatima', 'Haddad'],
  ['Gareth', 'Pryce'], ['Luis Alberto', 'Ramos'], ['Henrik', 'Dahl'], ['Aisha', 'Bello'], ['Stefan', 'Kowalczyk'],
  ['Maria Fernanda', 'Costa'], ['Tariq', 'Hussain'], ['Emil', 'Novak'], ['Greta', 'Hofmann'], ['Rui', 'Carvalho'],
  ['Dmitri', 'Sokolov'], ['Hannah', 'Becker'], ['Kofi', 'Asante'], ['Beatriz', 'Molina'], ['Anders', 'Nyberg'],
  ['Milan', 'Horvat'], ['Chloe', 'Martin'], ['Ivan', 'Draganov'], ['Zeynep', 'Arslan'], ['Rohan', 'Mehta'],
  ['Lucia', 'Romano'], ['Mikael', 'Stromberg'], ['Grace', 'Odhiambo'], ['Felipe', 'Navarro'], ['Katarina', 'Jovic'],
  ['Thomas', 'van der Berg'], ['Siobhan', 'Kelly'], ['Ali', 'Rahimi'], ['Noor', 'Siddiqui'], ['Patrick', "O'Neill"],
  ['Helga', 'Bjornsdottir'], ['Juan Carlos', 'Ortega'], ['Aleksander', 'Wisniewski'], ['Brendan', 'Foley'], ['Hiroshi', 'Mori'],
];

export const COMPANIES: readonly string[] = [
  'Northgate Holdings', 'Baltic Freight Lines', 'Corvin Motors', 'Alder Bank', 'Meridian Airways', 'Silverlake Energy',
  'Kestrel Pharmaceuticals', 'Orion Telecom', 'Vantage Securities', 'Eastern Railways', 'Hollis Steel', 'Bluewater Mining',
  'Tessaro Foods', 'Greyfield Insurance', 'Solano Chemicals', 'Polaris Shipping', 'Castell Brewing',
];

export const CLUBS: readonly string[] = [
  'Harbour City', 'Westbrook Rovers', 'Red Falcons', 'Atletico Sierra', 'Dynamo Rivne', 'Sporting Almada',
  'Northfield United', 'Real Castilla', 'Olympia Varna', 'Ajax Cape Town', 'Lakeside Wanderers', 'FC Tiraspol Stars',
];

export const INSTITUTIONS: readonly string[] = [
  'United Nations', 'European Commission', 'International Monetary Fund', 'World Bank',
  'Central Bank', 'Finance Ministry', 'National Statistics Office', 'Supreme Court', 'Democratic Reform Party',
  'Greenway Party', 'Union of Dock Workers', 'Red Cross', 'Interior Ministry', 'Football Association',
];

/** News organisations; written without an article. */
export const MEDIA: readonly string[] = ['Reuters', 'Arden Media', 'Radio Vega', 'Televisa Norte', 'Nordic News Agency'];

export const ORGANIZATIONS: readonly string[] = [...COMPANIES, ...CLUBS, ...INSTITUTIONS, ...MEDIA];

export const COUNTRIES: readonly string[] = [
  'Germany', 'France', 'Britain', 'Japan', 'Brazil', 'Kenya', 'Norway', 'Poland', 'Turkey', 'Argentina', 'Canada',
  'Egypt', 'Australia', 'South Africa', 'New Zealand', 'Sri Lanka', 'Italy', 'Spain', 'Mexico', 'Indonesia',
  'Nigeria', 'Sweden', 'Portugal', 'Chile', 'Ukraine', 'Morocco', 'Pakistan', 'Ireland',
];

export const CITIES: readonly string[] = [
  'London', 'Paris', 'Tokyo', 'Nairobi', 'Oslo', 'Warsaw', 'Istanbul', 'Buenos Aires', 'Toronto', 'Cairo', 'Sydney',
  'Cape Town', 'Frankfurt', 'Rotterdam', 'Lisbon', 'Madrid', 'Milan', 'Geneva', 'Brussels', 'Vienna', 'Prague',
  'Bangkok', 'Jakarta', 'Seoul', 'Santiago', 'Lima', 'Chicago', 'Hong Kong', 'New York', 'Rio de Janeiro', 'Lagos',
];

export const REGIONS: readonly string[] = ['Bavaria', 'Sicily', 'Texas', 'Catalonia', 'Kashmir', 'Siberia', 'the Danube', 'Lake Victoria', 'the Alps'];

export const NATIONALITIES: readonly string[] = [
  'German', 'French', 'British', 'Japanese', 'Brazilian', 'Kenyan', 'Norwegian', 'Polish', 'Turkish', 'Argentine',
  'Canadian', 'Egyptian', 'Australian', 'European', 'Asian', 'African', 'Dutch', 'Italian', 'Spanish', 'Swedish',
];

export const SPORTS_EVENTS: readonly string[] = [
  'World Cup', 'Olympic Games', 'Davis Cup', 'Champions League', 'Asian Games', 'Euro 2000', 'Commonwealth Games', 'Africa Cup of Nations',
];

export const EVENTS: readonly string[] = [...SPORTS_EVENTS, 'Grand Prix', 'Tour de France', 'Nobel Prize', 'Cannes Film Festival'];

export const OTHER_MISC: readonly string[] = ['English', 'Arabic', 'Muslim', 'Catholic', 'Internet', 'Eurobond', 'Boeing 747'];

export const WEEKDAYS: readonly string[] = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
export const MONTHS: readonly string[] = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
