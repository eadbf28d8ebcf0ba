import type { ComponentChildren, VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { PageLanguage } from './self-service-text';

/** The frame of every page under /s: its language, no indexing, no referrer, our stylesheet only. */
export function PageDocument(props: {
  lang: string;
  title: string;
  stylesheet: string;
  children: ComponentChildren;
}): VNode {
  return (
    <html lang={props.lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <meta name="referrer" content="no-referrer" />
        <title>{props.title}</title>
        <link rel="stylesheet" href={props.stylesheet} />
      </head>
      <body>{props.children}</body>
    </html>
  );
}

export function renderHtml(page: VNode): string {
  return `<!doctype html>\n${renderToString(page)}`;
}

/** A page that is not the debtor's: a refused link, too many requests, an outage. Both languages, nothing revealed. */
export function MessagePage(props: {
  stylesheet: string;
  title: string;
  blocks: { lang: PageLanguage; heading: string; paragraphs: string[] }[];
}): VNode {
  return (
    <PageDocument lang={props.blocks[0]?.lang ?? 'fr'} title={props.title} stylesheet={props.stylesheet}>
      <main>
        {props.blocks.map((block) => (
          <section key={block.lang} lang={block.lang}>
            <h1>{block.heading}</h1>
            {block.paragraphs.map((paragraph, i) => (
              <p key={i}>{paragraph}</p>
            ))}
          </section>
        ))}
      </main>
    </PageDocument>
  );
}
