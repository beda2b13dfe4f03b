'use server';
// Creates or edits a monitoring trigger (monitoring:manage): metric, comparator, threshold, period kind,
// cohort/feature, minimum sample, cooldown and action; audited.
import { action } from '@/lib/actions/action';
import { saveTrigger as save } from '@/lib/monitoring/firings';
import { saveTriggerInput } from '@/lib/validations/monitoring';

export const saveTrigger = action(
  'monitoring:manage',
  saveTriggerInput,
  async (input, { actor }) => {
    const id = await save(input, actor);
    return { message: 'actions.monitoring.triggerSaved', params: { name: input.name }, data: { id } };
  },
  { revalidate: [['/monitoring', 'layout']] },
);
