import { answerFromFacts } from './clarify.js';
import { hear, selectFollowUp, type Interviewer } from './follow-up.js';

/** The question's own ladder, then the dimension's templates: always available, never wrong about what it presses. */
export const scriptedInterviewer: Interviewer = {
  kind: 'scripted',
  followUp: async (r) =>
    selectFollowUp(r.grade, {
      question: r.prepared.question,
      templates: r.templates,
      asked: r.asked,
      company: r.company,
      heard: hear(r.prepared, r.answers),
      timeLeftMs: r.timeLeftMs,
      movedOn: r.movedOn,
    }),
  clarify: async (r) => {
    const answer = answerFromFacts(r.prepared, r.question, r.given);
    return { text: answer.text, facts: answer.facts.map((f) => f.id), source: 'scripted' };
  },
};
