import type { Response } from 'express';
import { MessagePage, renderHtml } from './page-document';
import type { PageCreditor } from './page-model';
import { PAGE_TEXT, PageLanguage } from './self-service-text';

type Block = { lang: PageLanguage; heading: string; paragraphs: string[] };

/**
 * The pages that are not the debtor's: a refused link (one page whatever the reason), too many requests, a form too
 * large, an outage. Both languages, since the link may not say whose it is; never an internal message.
 */
export function createMessagePages(options: { stylesheet: string; creditor: PageCreditor | undefined }) {
  const { creditor } = options;
  const send = (res: Response, status: number, title: string, blocks: Block[]) =>
    void res
      .status(status)
      .type('html')
      .send(renderHtml(<MessagePage stylesheet={options.stylesheet} title={title} blocks={blocks} />));

  return {
    /** A forged, tampered, expired or unknown link, a document not the customer's, or any path not the page's. */
    notFound(res: Response, status = 404): void {
      const contactFr = creditor ? ` ${creditor.name}\u00a0: ${creditor.contact}` : ' l’expéditeur du message';
      const contactEn = creditor ? ` ${creditor.name}: ${creditor.contact}` : ' the sender of the message';
      send(res, status, 'Lien non valide · Link not valid', [
        {
          lang: 'fr',
          heading: 'Ce lien n’est pas valide ou a expiré.',
          paragraphs: [`Pour recevoir un nouveau lien ou pour toute question, contactez${contactFr}.`],
        },
        {
          lang: 'en',
          heading: 'This link is not valid or has expired.',
          paragraphs: [`For a new link or any question, contact${contactEn}.`],
        },
      ]);
    },

    tooMany(res: Response, retryAfterSeconds: number): void {
      res.setHeader('Retry-After', String(retryAfterSeconds));
      const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
      const plural = minutes > 1 ? 's' : '';
      send(res, 429, 'Trop de demandes · Too many requests', [
        {
          lang: 'fr',
          heading: 'Trop de demandes pour ce lien.',
          paragraphs: [`Merci de réessayer dans ${minutes} minute${plural}.`],
        },
        {
          lang: 'en',
          heading: 'Too many requests for this link.',
          paragraphs: [`Please try again in ${minutes} minute${plural}.`],
        },
      ]);
    },

    failure(res: Response, status: number, kind: 'tooLarge' | 'unavailable'): void {
      const words =
        kind === 'tooLarge'
          ? { fr: 'Le formulaire envoyé est trop volumineux.', en: 'The form sent is too large.' }
          : { fr: PAGE_TEXT.fr.refusals.unavailable!, en: PAGE_TEXT.en.refusals.unavailable! };
      send(res, status, `${words.fr} · ${words.en}`, [
        { lang: 'fr', heading: words.fr, paragraphs: [] },
        { lang: 'en', heading: words.en, paragraphs: [] },
      ]);
    },
  };
}
