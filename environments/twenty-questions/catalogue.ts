/**
 * The simulator's world for 21 Questions: a fixed catalogue of things, each described by yes/no
 * attributes. The sim oracles draw secrets from it, answer from it and play the asker over it;
 * the environment itself never reads it (with real models the secret can be anything).
 *
 * Every attribute has one canonical question (what the simulated asker says) and the patterns
 * that recognise questions about it (what the simulated answerer understands). Attribute values
 * are conventions of this catalogue — consistent, not encyclopaedic.
 */

export const ATTRIBUTE_IDS = [
  'alive', 'animal', 'mammal', 'bird', 'flies', 'water', 'four_legs', 'pet', 'farm', 'climbs', 'ride',
  'plant', 'edible', 'fruit', 'vegetable', 'sweet', 'cooked', 'man_made', 'electric', 'engine', 'big',
  'handheld', 'indoors', 'kitchen', 'furniture', 'vehicle', 'wheels', 'metal', 'wood', 'wearable', 'tool',
  'place', 'dangerous', 'reading', 'music', 'hot', 'round', 'yellow', 'red',
] as const;

export type AttributeId = (typeof ATTRIBUTE_IDS)[number];

export interface Attribute {
  id: AttributeId;
  /** what the simulated asker asks */
  question: string;
  /** completes "The secret is …" / "The secret is not …" in the answerer's explanation */
  label: string;
  /** recognises a question about this attribute (lower-cased text) */
  pattern: RegExp;
}

/**
 * In matching order: specific before general, so "Is it a mammal?" is about mammals, not animals,
 * and "Is it found in a kitchen?" about kitchens, not indoors.
 */
export const ATTRIBUTES: readonly Attribute[] = [
  { id: 'mammal', question: 'Is it a mammal?', label: 'a mammal', pattern: /\bmammals?\b/ },
  { id: 'bird', question: 'Is it a bird?', label: 'a bird', pattern: /\bbirds?\b/ },
  { id: 'animal', question: 'Is it an animal?', label: 'an animal', pattern: /\banimals?\b/ },
  { id: 'plant', question: 'Is it a plant?', label: 'a plant', pattern: /\bplants?\b/ },
  { id: 'fruit', question: 'Is it a fruit?', label: 'a fruit', pattern: /\bfruits?\b/ },
  { id: 'vegetable', question: 'Is it a vegetable?', label: 'a vegetable', pattern: /\b(vegetables?|veggies?)\b/ },
  { id: 'flies', question: 'Can it fly?', label: 'able to fly', pattern: /\b(fly|flies|flying)\b/ },
  { id: 'water', question: 'Is it usually found in or on water?', label: 'found in or on water', pattern: /\b(water|sea|ocean|swim|swims|aquatic)\b/ },
  { id: 'four_legs', question: 'Does it have four legs?', label: 'four-legged', pattern: /\b(four|4)[ -]legged\b|\b(four|4) legs\b/ },
  { id: 'pet', question: 'Is it commonly kept as a pet?', label: 'commonly kept as a pet', pattern: /\bpets?\b/ },
  { id: 'farm', question: 'Is it found on farms?', label: 'found on farms', pattern: /\bfarms?\b/ },
  { id: 'climbs', question: 'Can it climb?', label: 'able to climb', pattern: /\bclimb(s|ing)?\b/ },
  { id: 'ride', question: 'Can people ride on it?', label: 'something people ride on', pattern: /\b(ride|rides|riding|ridden)\b/ },
  { id: 'sweet', question: 'Does it taste sweet?', label: 'sweet', pattern: /\bsweet\b/ },
  { id: 'cooked', question: 'Is it usually cooked or baked?', label: 'usually cooked or baked', pattern: /\b(cook|cooked|cooking|bake|baked|baking)\b/ },
  { id: 'edible', question: 'Is it a food?', label: 'a food', pattern: /\b(foods?|edible|eaten)\b|\b(you|people|humans|one|i) eat\b/ },
  { id: 'man_made', question: 'Is it made by people?', label: 'made by people', pattern: /\b(man-?made|human-made|made by (people|humans|man)|manufactured|artificial)\b/ },
  { id: 'electric', question: 'Does it use electricity?', label: 'powered by electricity', pattern: /\b(electric|electrical|electricity|electronic|batter(y|ies)|plugged)\b/ },
  { id: 'engine', question: 'Does it have an engine?', label: 'powered by an engine', pattern: /\b(engines?|motors?|motorized|fuel|petrol|gasoline)\b/ },
  { id: 'big', question: 'Is it bigger than a breadbox?', label: 'bigger than a breadbox', pattern: /\b(bread ?box|bigger than|larger than)\b/ },
  { id: 'handheld', question: 'Can you hold it in one hand?', label: 'small enough to hold in one hand', pattern: /\b(hold|handheld|hand-held)\b/ },
  { id: 'kitchen', question: 'Is it found in a kitchen?', label: 'found in a kitchen', pattern: /\bkitchens?\b/ },
  { id: 'indoors', question: 'Is it usually found indoors?', label: 'usually found indoors', pattern: /\b(indoors|indoor|inside)\b/ },
  { id: 'furniture', question: 'Is it a piece of furniture?', label: 'a piece of furniture', pattern: /\bfurniture\b/ },
  { id: 'vehicle', question: 'Is it a vehicle?', label: 'a vehicle', pattern: /\b(vehicles?|transport|transportation)\b/ },
  { id: 'wheels', question: 'Does it have wheels?', label: 'something with wheels', pattern: /\bwheels?\b/ },
  { id: 'metal', question: 'Is it made mostly of metal?', label: 'made mostly of metal', pattern: /\b(metal|metallic|steel|iron)\b/ },
  { id: 'wood', question: 'Is it made mostly of wood?', label: 'made mostly of wood', pattern: /\b(wood|wooden)\b/ },
  { id: 'wearable', question: 'Can you wear it?', label: 'something you wear', pattern: /\b(wear|worn|wearable|clothing|clothes)\b/ },
  { id: 'tool', question: 'Is it a tool?', label: 'a tool', pattern: /\btools?\b/ },
  { id: 'place', question: 'Is it a place?', label: 'a place', pattern: /\b(place|location|building)\b/ },
  { id: 'dangerous', question: 'Can it be dangerous to people?', label: 'dangerous to people', pattern: /\b(danger|dangerous|harm|harmful|hurt|poisonous|venomous|sting|bite)\b/ },
  { id: 'reading', question: 'Is it used for reading or writing?', label: 'used for reading or writing', pattern: /\b(read|reading|write|writing)\b/ },
  { id: 'music', question: 'Is it used to make music?', label: 'used to make music', pattern: /\b(music|musical|instruments?)\b/ },
  { id: 'hot', question: 'Is it usually hot?', label: 'usually hot', pattern: /\b(hot|warm|heat)\b/ },
  { id: 'round', question: 'Is it round?', label: 'round', pattern: /\b(round|spherical|circular|sphere)\b/ },
  { id: 'yellow', question: 'Is it yellow?', label: 'yellow', pattern: /\byellow\b/ },
  { id: 'red', question: 'Is it red?', label: 'red', pattern: /\bred\b/ },
  { id: 'alive', question: 'Is it a living thing?', label: 'a living thing', pattern: /\b(alive|living|organism)\b/ },
];

export interface CatalogueItem {
  /** lower case, as a secret is written */
  name: string;
  /** other names that count as naming it */
  aliases: readonly string[];
  /** the attributes that are true; every other attribute is false */
  traits: ReadonlySet<AttributeId>;
}

function item(name: string, traits: string, aliases: string[] = []): CatalogueItem {
  return { name, aliases, traits: new Set(traits.split(/\s+/) as AttributeId[]) };
}

const LIVING_ANIMAL = 'alive animal';

/** 61 things: animals, plants, foods, household objects, vehicles and places. Vectors are distinct (tested). */
export const CATALOGUE: readonly CatalogueItem[] = [
  item('dog', `${LIVING_ANIMAL} mammal four_legs pet big`, ['puppy']),
  item('cat', `${LIVING_ANIMAL} mammal four_legs pet big climbs`, ['kitten']),
  item('horse', `${LIVING_ANIMAL} mammal four_legs farm big ride`, ['pony']),
  item('cow', `${LIVING_ANIMAL} mammal four_legs farm big`),
  item('elephant', `${LIVING_ANIMAL} mammal four_legs big ride dangerous`),
  item('lion', `${LIVING_ANIMAL} mammal four_legs big dangerous yellow`),
  item('mouse', `${LIVING_ANIMAL} mammal four_legs handheld`),
  item('whale', `${LIVING_ANIMAL} mammal water big`),
  item('eagle', `${LIVING_ANIMAL} bird flies big dangerous`),
  item('penguin', `${LIVING_ANIMAL} bird water big`),
  item('chicken', `${LIVING_ANIMAL} bird farm`, ['hen']),
  item('shark', `${LIVING_ANIMAL} water big dangerous`),
  item('goldfish', `${LIVING_ANIMAL} water pet handheld indoors`),
  item('frog', `${LIVING_ANIMAL} water handheld`),
  item('snake', `${LIVING_ANIMAL} big dangerous climbs`),
  item('bee', `${LIVING_ANIMAL} flies dangerous handheld yellow`),
  item('tree', 'alive plant big wood'),
  item('rose', 'alive plant handheld red dangerous'),
  item('cactus', 'alive plant dangerous hot'),
  item('sunflower', 'alive plant big yellow'),
  item('apple', 'edible fruit sweet handheld kitchen red round'),
  item('strawberry', 'edible fruit sweet handheld kitchen red'),
  item('banana', 'edible fruit sweet handheld kitchen yellow'),
  item('lemon', 'edible fruit handheld kitchen yellow'),
  item('carrot', 'edible vegetable handheld kitchen'),
  item('potato', 'edible vegetable handheld kitchen cooked'),
  item('egg', 'edible handheld kitchen cooked'),
  item('bread', 'edible man_made handheld kitchen cooked'),
  item('cheese', 'edible man_made handheld kitchen yellow'),
  item('pizza', 'edible man_made kitchen cooked hot round'),
  item('chocolate', 'edible man_made sweet handheld'),
  item('chair', 'man_made furniture indoors four_legs wood big'),
  item('table', 'man_made furniture indoors four_legs wood big kitchen'),
  item('bed', 'man_made furniture indoors big'),
  item('lamp', 'man_made electric indoors hot'),
  item('television', 'man_made electric indoors big', ['tv']),
  item('smartphone', 'man_made electric handheld', ['phone', 'mobile phone', 'cell phone']),
  item('refrigerator', 'man_made electric indoors big kitchen metal', ['fridge']),
  item('spoon', 'man_made handheld kitchen metal indoors'),
  item('knife', 'man_made handheld kitchen metal indoors dangerous tool'),
  item('book', 'man_made handheld indoors reading'),
  item('pencil', 'man_made handheld reading wood'),
  item('scissors', 'man_made handheld metal dangerous indoors tool'),
  item('hammer', 'man_made handheld metal tool'),
  item('umbrella', 'man_made handheld'),
  item('clock', 'man_made indoors round'),
  item('watch', 'man_made wearable electric handheld metal', ['wristwatch']),
  item('shoe', 'man_made wearable handheld', ['shoes']),
  item('guitar', 'man_made music wood big'),
  item('piano', 'man_made music wood big indoors'),
  item('football', 'man_made round', ['soccer ball']),
  item('candle', 'man_made indoors hot handheld'),
  item('car', 'man_made vehicle wheels metal big ride engine', ['automobile']),
  item('bicycle', 'man_made vehicle wheels metal big ride', ['bike']),
  item('train', 'man_made vehicle wheels metal big ride engine electric'),
  item('airplane', 'man_made vehicle wheels metal big ride engine flies', ['plane', 'aeroplane']),
  item('boat', 'man_made vehicle water big ride engine', ['ship']),
  item('beach', 'place water big hot'),
  item('mountain', 'place big'),
  item('desert', 'place big hot'),
  item('library', 'place man_made indoors big reading'),
  item('hospital', 'place man_made indoors big'),
];

export function hasTrait(entry: CatalogueItem, attribute: AttributeId): boolean {
  return entry.traits.has(attribute);
}

export function findItem(name: string): CatalogueItem | undefined {
  const key = normaliseName(name);
  return CATALOGUE.find((entry) => entry.name === key || entry.aliases.includes(key));
}

export function attributeById(id: AttributeId): Attribute {
  return ATTRIBUTES.find((a) => a.id === id)!;
}

/** Lower case, no article, no punctuation at the ends: "A Dog." → "dog". */
export function normaliseName(name: string): string {
  return name
    .toLowerCase()
    .trim()
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '')
    .replace(/^(a|an|the)\s+/, '')
    .replace(/\s+/g, ' ');
}
