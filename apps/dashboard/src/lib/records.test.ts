import { it } from 'node:test';
import assert from 'node:assert/strict';
import { ordinal, rankFor, rankLabel } from './records.ts';

it('writes ordinals as runners read them', () => {
  assert.deepEqual([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111].map(ordinal), [
    '1st',
    '2nd',
    '3rd',
    '4th',
    '11th',
    '12th',
    '13th',
    '21st',
    '22nd',
    '23rd',
    '101st',
    '111th',
  ]);
});

it('says where an effort ranks, with the year when it tells more', () => {
  const r = (rank: number, of: number, year_rank: number, year_of: number) => ({
    distance_m: 5000,
    rank,
    of,
    year_rank,
    year_of,
  });
  assert.equal(rankLabel(r(1, 1, 1, 1), 2026), 'Your only one so far');
  assert.equal(rankLabel(r(1, 12, 1, 4), 2026), 'Your fastest of 12');
  assert.equal(rankLabel(r(2, 12, 2, 4), 2026), '2nd fastest of 12');
  assert.equal(rankLabel(r(5, 12, 1, 4), 2026), '5th fastest of 12 · fastest of 2026');
  assert.equal(rankLabel(r(7, 12, 3, 4), 2026), '7th fastest of 12 · 3rd fastest of 2026');
  assert.equal(rankLabel(r(9, 12, 4, 4), 2026), '9th fastest of 12');
  assert.equal(rankLabel(r(3, 12, 1, 1), 2026), '3rd fastest of 12', 'the only one of the year says little');
});

it('finds the rank of a best effort a source measured a little off the standard distance', () => {
  const ranks = [
    { distance_m: 1609.344, key: '1mi' },
    { distance_m: 5000, key: '5k' },
  ];
  assert.equal(rankFor(1609.3, ranks)?.key, '1mi');
  assert.equal(rankFor(5003, ranks)?.key, '5k');
  assert.equal(rankFor(7000, ranks), undefined);
});
