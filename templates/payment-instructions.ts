/**
 * The configured payment instructions come in one language (`PAYMENT_INSTRUCTIONS`). Its built-in default is English;
 * a French letter or e-mail must not quote it as is, so the default is worded per language here and the templates add
 * the reference to quote themselves. Instructions an operator configured are printed as given.
 */
export const DEFAULT_PAYMENT_INSTRUCTIONS = 'bank transfer, quoting the invoice number';

const DEFAULT_WORDING = { fr: 'virement bancaire', en: 'bank transfer' } as const;

export function paymentInstructionsIn(language: keyof typeof DEFAULT_WORDING, configured: string): string {
  const normalised = configured.trim().replace(/\.$/, '').toLowerCase();
  return normalised === DEFAULT_PAYMENT_INSTRUCTIONS ? DEFAULT_WORDING[language] : configured;
}
