import { slugify } from '../../src/persona/slug.js';
import { ID_PATTERN } from '../../src/persona/vocabulary.js';

describe('slugify', () => {
  it.each([
    ['Cost Optimization', 'cost-optimization'],
    ['Security First', 'security-first'],
    ['  Security-First!! ', 'security-first'],
    ['A/B  Test__v2', 'a-b-test-v2'],
    ['Café Résumé', 'cafe-resume'],
    ['Über 9000', 'uber-9000'],
    ['already-slug', 'already-slug'],
    ['---Edge---Case---', 'edge-case'],
    ['42 Nines', '42-nines'],
  ])('%j → %j', (name, slug) => {
    expect(slugify(name)).toBe(slug);
    expect(slug).toMatch(ID_PATTERN);
  });

  it.each(['!!!', '日本語', '   ', ''])('gives an empty slug for %j (the parser then asks for an id)', (name) => {
    expect(slugify(name)).toBe('');
  });
});
