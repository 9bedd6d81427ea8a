import { describe, expect, it } from 'vitest';
import { closestName, editDistance } from '../../shared/text/closest';

describe('closestName', () => {
  it('suggests the known name a typo was meant to be', () => {
    expect(closestName('whole-rom', ['whole-room', 'card-no', 'json'])).toBe('whole-room');
    expect(closestName('authtoken', ['authToken', 'accountSid'])).toBe('authToken');
    expect(closestName('secrett', ['secret', 'clientId'])).toBe('secret');
  });

  it('suggests nothing for a word unlike every known name', () => {
    expect(closestName('dry-run', ['json', 'limit', 'offset'])).toBeUndefined();
    expect(closestName('x', [])).toBeUndefined();
  });

  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });
});
