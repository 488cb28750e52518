import { describe, expect, it } from 'vitest';
import { renderedIn } from '../test-support/mount';
import { useFormat } from './useFormat';

const rendered = (locale: 'es' | 'en', render: (format: ReturnType<typeof useFormat>) => string[]): string[] => renderedIn(locale, useFormat, render);

describe('useFormat: amounts', () => {
  it('shows whole units from 100 up and cents below, in the reader’s notation', () => {
    const amounts = ({ formatAmount }: ReturnType<typeof useFormat>) => [formatAmount(21_566.815), formatAmount(2.256), formatAmount(100.4)];
    expect(rendered('es', amounts)).toEqual(['21.567', '2,26', '100']);
    expect(rendered('en', amounts)).toEqual(['21,567', '2.26', '100']);
  });
});
