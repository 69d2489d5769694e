import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defuseFormula, restoreFormula } from './csv-cells.js';

describe('defuseFormula', () => {
  it('puts an apostrophe before every text a spreadsheet would run as a formula (OWASP)', () => {
    for (const text of ['=1+1', '+1', '-1', '@SUM(A1:A9)', '\t=1', '\r=1', "=cmd|'/c calc'!A1"]) {
      expect(defuseFormula(text)).toBe(`'${text}`);
    }
  });

  it('leaves other text alone, and formula signs anywhere but the start', () => {
    for (const text of ['', 'plain', 'a=b', 'x-y@z', ' =1', "'quoted", "It's", '{"a":1}']) {
      expect(defuseFormula(text)).toBe(text);
    }
  });

  it('adds one more apostrophe to text that already had them before a formula sign, so import can undo it', () => {
    expect(defuseFormula("'=1")).toBe("''=1");
    expect(defuseFormula("''-2")).toBe("'''-2");
  });

  it('keeps numbers numbers in csv-stringify, where it defuses strings only', () => {
    const csv = stringify([[-5, '-5', 1.25, '=1+1']], { cast: { string: defuseFormula } });
    expect(csv).toBe("-5,'-5,1.25,'=1+1\n");
  });
});

describe('restoreFormula', () => {
  it('takes away only the apostrophe export added', () => {
    expect(restoreFormula("'=1+1")).toBe('=1+1');
    expect(restoreFormula("'\t=1")).toBe('\t=1');
    expect(restoreFormula("''=1")).toBe("'=1");
    expect(restoreFormula("'quoted")).toBe("'quoted");
    expect(restoreFormula('=1+1')).toBe('=1+1');
    expect(restoreFormula("'")).toBe("'");
  });

  it('undoes defuseFormula for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("'", '=', '+', '-', '@', '\t', '\r', 'a', ' ') }), (text) => {
        expect(restoreFormula(defuseFormula(text))).toBe(text);
      }),
    );
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(restoreFormula(defuseFormula(text))).toBe(text);
      }),
    );
  });
});
