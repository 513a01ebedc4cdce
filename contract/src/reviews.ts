/** Review items (复核事项) and the queues' counts, as the API answers them. */
import type { Static } from '@sinclair/typebox';
import * as Type from '@sinclair/typebox/type';
import { lit } from './builders.js';

export const REVIEW_KINDS = [
  'unsorted',
  'coverage-gap',
  'marked',
  'legal-review',
  'interruption',
  'quarantine',
  'discard-overlap',
] as const;
export const REVIEW_STATES = ['open', 'in_review', 'done'] as const;

export const ReviewItemView = Type.Object(
  {
    id: Type.String(),
    kind: lit(REVIEW_KINDS),
    subjectId: Type.String(),
    title: Type.String(),
    caseId: Type.Union([Type.String(), Type.Null()]),
    stepId: Type.Union([Type.String(), Type.Null()]),
    deviceId: Type.Union([Type.String(), Type.Null()]),
    officerId: Type.Union([Type.String(), Type.Null()]),
    unitId: Type.Union([Type.String(), Type.Null()]),
    subjectStart: Type.Union([Type.String(), Type.Null()]),
    subjectEnd: Type.Union([Type.String(), Type.Null()]),
    state: lit(REVIEW_STATES),
    assignee: Type.Union([Type.String(), Type.Null()]),
    explanation: Type.Union([Type.String(), Type.Null()]),
    explanationReason: Type.Union([Type.String(), Type.Null()]),
    explainedBy: Type.Union([Type.String(), Type.Null()]),
    decision: Type.Union([Type.Literal('accepted'), Type.Literal('rejected'), Type.Null()]),
    decisionNote: Type.Union([Type.String(), Type.Null()]),
    decidedBy: Type.Union([Type.String(), Type.Null()]),
    resolution: Type.Union([Type.String(), Type.Null()]),
    detail: Type.Unknown(),
    dueAt: Type.String({ format: 'date-time' }),
    overdue: Type.Boolean(),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'ReviewItem' },
);
export type ReviewItemView = Static<typeof ReviewItemView>;

/** Items of one queue per state, and how many are overdue. */
export const ReviewCounts = Type.Object({
  open: Type.Integer(),
  in_review: Type.Integer(),
  done: Type.Integer(),
  overdue: Type.Integer(),
});
export type ReviewCounts = Static<typeof ReviewCounts>;
