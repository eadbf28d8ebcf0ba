import { defaultTemplate, DUNNING_ACTIONS, DunningAction, DunningPolicy } from '../../domain/dunning-policy';
import { englishMail } from '../../templates/mail-en';
import { frenchMail } from '../../templates/mail-fr';
import { findMailTemplate } from '../../templates/mail-templates';
import { FieldIssue } from '../http/http-errors';

/** The languages the mail renderer has templates for; every other locale is written to in English. */
const MAIL_LANGUAGES = ['fr', 'en'] as const;

/** Steps whose e-mail is rendered from the step's template by name: the step fails at send time if it is missing. */
const MAILED_ACTIONS: ReadonlySet<DunningAction> = new Set(['email', 'formal_notice']);

const mailTemplateExists = (name: string) => MAIL_LANGUAGES.every((language) => findMailTemplate(language, name));

/**
 * The templates a step of each action may name. E-mail and formal-notice steps render a mail template by name, looked
 * up exactly as the sender does, in every language; the other actions produce one document or task each, under their
 * default template name.
 */
export function stepTemplates(action: DunningAction): string[] {
  if (!MAILED_ACTIONS.has(action)) return [defaultTemplate(action)];
  const names = new Set([defaultTemplate(action), ...Object.keys(frenchMail), ...Object.keys(englishMail)]);
  return [...names].filter(mailTemplateExists).sort();
}

/** Every template name some action accepts, for the API description. */
export function allStepTemplates(): string[] {
  return [...new Set(DUNNING_ACTIONS.flatMap(stepTemplates))].sort();
}

/** The steps of a policy that name a template their action does not have. */
export function unknownStepTemplates(policy: Pick<DunningPolicy, 'steps'>): FieldIssue[] {
  return policy.steps.flatMap((step, i) => {
    const known = stepTemplates(step.action);
    if (known.includes(step.template)) return [];
    const field = `steps[${i}].template`;
    return [
      {
        field,
        rule: 'unknown_template',
        message: `${field}: no ${step.action} template '${step.template}'; one of ${known.join(', ')}`,
      },
    ];
  });
}
