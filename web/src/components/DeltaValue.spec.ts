import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { i18n, setLocale } from '../i18n';
import DeltaValue from './DeltaValue.vue';

const mountDelta = (props: InstanceType<typeof DeltaValue>['$props']) => mount(DeltaValue, { props, global: { plugins: [i18n] } });

describe('DeltaValue', () => {
  it('colours a rise as good, unless more is worse (negative posts)', () => {
    setLocale('en');
    const more = mountDelta({ delta: { abs: 12, pct: 25 } });
    expect(more.attributes('data-direction')).toBe('up');
    expect(more.classes()).toContain('delta--good');
    expect(more.text()).toContain('+12');
    expect(more.text()).toContain('+25');

    const moreComplaints = mountDelta({ delta: { abs: 12, pct: 25 }, higherIsWorse: true });
    expect(moreComplaints.classes()).toContain('delta--bad');
    const fewerComplaints = mountDelta({ delta: { abs: -3, pct: -10 }, higherIsWorse: true });
    expect(fewerComplaints.attributes('data-direction')).toBe('down');
    expect(fewerComplaints.classes()).toContain('delta--good');

    // More posts on a topic is neither: the arrow says which way, the colour says nothing.
    const moreOnATopic = mountDelta({ delta: { abs: 818, pct: 17.5 }, uncoloured: true });
    expect(moreOnATopic.attributes('data-direction')).toBe('up');
    expect(moreOnATopic.classes()).toContain('delta--flat');
  });

  it('says there is no base to compare with instead of an infinite percentage', () => {
    setLocale('en');
    const fromNothing = mountDelta({ delta: { abs: 7, pct: null } });
    expect(fromNothing.find('.delta__pct').text()).toBe(`(${i18n.global.t('history.compare.noBase')})`);
    const none = mountDelta({ delta: undefined });
    expect(none.attributes('data-direction')).toBe('flat');
    expect(none.classes()).toContain('delta--flat');
  });
});
