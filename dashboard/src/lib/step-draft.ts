// A step as the forms hold it (strings from inputs) and its conversion to the API's StepInput.

import type { Requirement, StepInput, StepKind } from './api/types';
import { DEFAULT_REQUIREMENT } from './lists';
import { localInputToIso } from './format';

export interface StepDraft {
  kind: StepKind;
  title: string;
  /** `<input type="datetime-local">` values, the browser's local time. */
  start: string;
  end: string;
  location: string;
  requirement: Requirement;
  /** The user picked the requirement: a change of kind no longer resets it. */
  requirementChosen: boolean;
  /** Badge numbers, comma separated. */
  officers: string;
}

export function newStepDraft(kind: StepKind = 'on-site-inspection'): StepDraft {
  return {
    kind,
    title: '',
    start: '',
    end: '',
    location: '',
    requirement: DEFAULT_REQUIREMENT[kind],
    requirementChosen: false,
    officers: '',
  };
}

/** Badge numbers from free text: commas (ASCII or Chinese), semicolons, 、 or spaces; duplicates dropped. */
export function parseOfficers(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,，;；、\s]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

/** The i18n key of what is wrong with a draft, or the StepInput. */
export function draftToInput(d: StepDraft): { input: StepInput } | { error: string } {
  const startsAt = localInputToIso(d.start);
  if (!startsAt) return { error: 'stepForm.errors.start' };
  const endsAt = d.end ? localInputToIso(d.end) : null;
  if (d.end && !endsAt) return { error: 'stepForm.errors.end' };
  if (endsAt && Date.parse(endsAt) <= Date.parse(startsAt)) return { error: 'stepForm.errors.order' };
  const officers = parseOfficers(d.officers);
  if (officers.length === 0) return { error: 'stepForm.errors.officers' };
  return {
    input: {
      kind: d.kind,
      title: d.title.trim() || null,
      startsAt,
      endsAt,
      location: d.location.trim() || null,
      requirement: d.requirement,
      officers,
    },
  };
}
