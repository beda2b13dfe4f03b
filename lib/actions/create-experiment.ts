'use server';
// Creates an A/B experiment of offer messages (campaigns:manage), as a draft unless `start` is set; audited by
// lib/engagement/experiments.ts.
import { action } from '@/lib/actions/action';
import { createExperiment as create } from '@/lib/engagement/experiments';
import { createExperimentInput } from '@/lib/validations/engagement';

export const createExperiment = action(
  'campaigns:manage',
  createExperimentInput,
  async (input, { actor }) => {
    const id = await create(input, actor);
    return { message: 'actions.campaigns.created', params: { name: input.name }, data: { id } };
  },
  { revalidate: ['/campaigns'] },
);
