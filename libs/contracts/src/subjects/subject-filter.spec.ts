import { subjectFilterCovers, subjectFiltersOverlap, subjectMatchesFilter } from './subject-filter';

describe('subjectMatchesFilter', () => {
  it.each([
    ['a.b.c', 'a.b.c', true],
    ['a.*.c', 'a.b.c', true],
    ['a.*', 'a.b.c', false],
    ['a.>', 'a.b.c', true],
    ['a.>', 'a', false],
    ['>', 'a', true],
    ['a.b', 'a.b.c', false],
    ['a.b.c', 'a.b', false],
    ['*.b', 'a.c', false],
  ])('%s against %s: %s', (filter, subject, expected) => {
    expect(subjectMatchesFilter(filter, subject)).toBe(expected);
  });
});

describe('subjectFiltersOverlap', () => {
  it.each([
    ['a.*.c', 'a.b.*', true],
    ['a.b.c', 'a.b.d', false],
    ['a.>', 'a.b.c.d', true],
    ['a.>', 'a', false],
    ['a.*', 'a.*.*', false],
    ['supervision.health.state.*', 'supervision.health.heartbeat.*.*', false],
    ['*.*', 'a.>', true],
  ])('%s and %s: %s', (first, second, expected) => {
    expect(subjectFiltersOverlap(first, second)).toBe(expected);
    expect(subjectFiltersOverlap(second, first)).toBe(expected);
  });
});

describe('subjectFilterCovers', () => {
  it.each([
    ['a.>', 'a.*.c', true],
    ['a.*.c', 'a.b.c', true],
    ['a.b.c', 'a.*.c', false],
    ['a.*', 'a.>', false],
    ['a.*.*', 'a.*', false],
    ['>', 'a.b', true],
  ])('%s covers %s: %s', (outer, inner, expected) => {
    expect(subjectFilterCovers(outer, inner)).toBe(expected);
  });
});
