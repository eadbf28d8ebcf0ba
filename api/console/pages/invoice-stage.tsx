import type { VNode } from 'preact';
import type { DunningStage, InvoiceStatus } from '../../../workflows/read-model';
import type { ConsoleLocale } from '../console-locale';

/** Every stage as people read it; the list's filter and every badge use these words. */
export const STAGE_NAMES: Record<ConsoleLocale, Record<DunningStage, string>> = {
  fr: {
    scheduled: 'Pas encore échue',
    reminding: 'Relances e-mail',
    calling: 'Appel',
    letter: 'Lettre recommandée',
    formal_notice: 'Mise en demeure',
    legal: 'Contentieux',
    instalment_plan: 'Échéancier',
    promise_to_pay: 'Promesse de paiement',
    disputed: 'Contestée',
    paused: 'En pause',
    insolvency: 'Procédure collective',
    paid: 'Payée',
    cancelled: 'Annulée',
    written_off: 'Passée en perte',
    settled: 'Réglée (transaction)',
    abandoned: 'Abandonnée',
    handed_to_legal: 'Transmise au contentieux',
  },
  en: {
    scheduled: 'Not yet due',
    reminding: 'E-mail reminders',
    calling: 'Phone call',
    letter: 'Registered letter',
    formal_notice: 'Formal notice',
    legal: 'Legal',
    instalment_plan: 'Instalment plan',
    promise_to_pay: 'Promise to pay',
    disputed: 'Disputed',
    paused: 'Paused',
    insolvency: 'Insolvency',
    paid: 'Paid',
    cancelled: 'Cancelled',
    written_off: 'Written off',
    settled: 'Settled',
    abandoned: 'Abandoned',
    handed_to_legal: 'Handed to legal',
  },
};

export const STATUS_NAMES: Record<ConsoleLocale, Record<InvoiceStatus, string>> = {
  fr: {
    open: 'En cours',
    paid: 'Payée',
    cancelled: 'Annulée',
    written_off: 'Passée en perte',
    settled: 'Réglée (transaction)',
    abandoned: 'Abandonnée',
    handed_to_legal: 'Transmise au contentieux',
  },
  en: {
    open: 'Open',
    paid: 'Paid',
    cancelled: 'Cancelled',
    written_off: 'Written off',
    settled: 'Settled',
    abandoned: 'Abandoned',
    handed_to_legal: 'Handed to legal',
  },
};

/** The stage as a badge whose text says it (the colour only repeats it); the API's code stays readable beside it. */
export function StageBadge(props: { stage: string; locale: ConsoleLocale }): VNode {
  const name = STAGE_NAMES[props.locale][props.stage as DunningStage] ?? props.stage;
  return (
    <span class={`stage stage-${props.stage}`} data-stage={props.stage}>
      {name}
    </span>
  );
}
